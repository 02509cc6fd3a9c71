"""The full dump: the public registry as JSON Lines, history included, so a mirror can be built.

One JSON object per line, each with a ``type``: ``header`` first, then ``registry``, ``catalogue``
(the questions in the layout of ``dimensions.yaml``), ``party``, ``offering``, ``source``, ``copy``, ``cell``, ``citation``, ``revision``,
and ``end`` last with the number of lines of each type (a truncated dump is refused on import).
Only what a visitor may see goes in (``trustreg.evidence.exposure``): sources a published cell
cites and their public kept copies (metadata and derived text; the raw bytes stay home), and the
quote checks made against those copies. Cells and revisions carry the cell as plain data in the
shape revisions keep it (``trustreg.domain.bundle.record_data``), so a mirror replays ``as_of``
exactly as the original does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser

from trustreg.accounts import audit
from trustreg.domain.bundle import catalogue_data, record_data
from trustreg.domain.history import holder_key
from trustreg.evidence import exposure
from trustreg.evidence.models import Citation, MonitorState, QuoteCheck
from trustreg.registry import selectors
from trustreg.registry.changelog import Entry
from trustreg.registry.convert import records_for
from trustreg.registry.models import Cell, Offering, Party, RegistryInfo, Revision

FORMAT = "trustreg-dump"
VERSION = 1
BATCH = 2000


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def holder_of(cell: Cell | Revision) -> str:
    if isinstance(cell, Revision):
        return cell.holder
    return holder_key("offering", cell.offering_id) if cell.offering_id else holder_key("party", cell.party_id or "")


def lines(day: dt.date) -> Iterator[dict[str, Any]]:
    """Every line of the dump, in order (a fixed number of queries plus one per batch of rows)."""
    counts: Counter[str] = Counter()

    def emit(line_type: str, /, **fields: Any) -> dict[str, Any]:
        counts[line_type] += 1
        return {"type": line_type, **fields}

    yield emit("header", format=FORMAT, version=VERSION, generated=day.isoformat())
    info = RegistryInfo.objects.first() or RegistryInfo()
    yield emit("registry", name=info.name, license=info.license, disclaimer=info.disclaimer, extra=info.extra)
    yield emit("catalogue", **catalogue_data(selectors.catalogue()))
    for p in Party.objects.order_by("id"):
        yield emit("party", id=p.id, name=p.name, organisation=p.organisation, url=p.url, summary=p.summary)
    for o in Offering.objects.order_by("sort_order", "id"):
        yield emit("offering", id=o.id, name=o.name, developer=o.developer_id, platform=o.platform_id,
                   category=o.category, model_family=o.model_family, summary=o.summary, sort_order=o.sort_order,
                   extra=o.extra, retired_at=_when(o.retired_at))

    visitor = AnonymousUser()
    sources = list(exposure.visible_sources(visitor).order_by("url"))
    fetched = dict(MonitorState.objects.filter(source__in=sources).values_list("source_id", "last_fetched_at"))
    for s in sources:
        yield emit("source", id=s.public_id, url=s.url, canonical_url=s.canonical_url, publisher=s.publisher,
                   kind=s.kind, title=s.title, archived_url=s.archived_url,
                   last_fetched_at=_when(fetched.get(s.pk)))
    copies = exposure.visible_copies_of_all(visitor).select_related("source").order_by("taken_at", "id")
    public_copies: dict[int, str] = {}
    for start in range(0, copies.count(), BATCH):
        for c in copies[start:start + BATCH]:
            public_copies[c.pk] = c.public_id
            yield emit("copy", id=c.public_id, source=c.source.url, taken_at=_when(c.taken_at), how=c.how,
                       status_code=c.status_code, final_url=c.final_url, content_type=c.content_type,
                       sha256=c.blob_id or "", text=c.text, text_extractor=c.text_extractor,
                       extract_error=c.extract_error, bundle_copy=c.bundle_copy, provenance=c.provenance)

    # Ordered by what they are, not by row ids, so that a mirror writes the same dump back.
    cells = sorted(Cell.objects.all(), key=lambda c: (holder_of(c), c.dimension_id))
    records = records_for(cells)
    for cell in cells:
        yield emit("cell", holder=holder_of(cell), question=cell.dimension_id, record=record_data(records[cell.pk]),
                   updated_at=_when(cell.updated_at))
    checks: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for check in QuoteCheck.objects.filter(snapshot_id__in=list(public_copies)).order_by("checked_at", "id"):
        checks[check.citation_id].append({"copy": public_copies[check.snapshot_id],
                                          "checked_at": _when(check.checked_at), "present": check.present})
    holders = {c.pk: (holder_of(c), c.dimension_id) for c in cells}
    citations = [c for c in Citation.objects.all() if c.cell_id in holders]  # (a removed cell: next build)
    for cit in sorted(citations, key=lambda c: (*holders[c.cell_id], c.position, c.pk)):
        holder, question = holders[cit.cell_id]
        yield emit("citation", holder=holder, question=question, position=cit.position,
                   copy=public_copies.get(cit.snapshot_id) if cit.snapshot_id else None,
                   quote_checks=checks.get(cit.pk, []))

    revisions = Revision.objects.select_related("author", "reviewer").prefetch_related("editors").order_by(
        "published_at", "id")
    for start in range(0, revisions.count(), BATCH):
        for r in revisions[start:start + BATCH]:
            yield emit("revision", id=r.pk, holder=r.holder, question=r.dimension_id, before=r.before, after=r.after,
                       kind=r.kind, reason=r.reason, author=_byline(r), reviewer=audit.public_name(r.reviewer),
                       credit=r.credit, published_at=_when(r.published_at))
    yield {"type": "end", "counts": dict(counts)}


def _byline(r: Revision) -> str:
    """The public byline, as the changelog shows it (display names, never login names)."""
    return Entry(r).author_name


def write(fh: IO[str], day: dt.date) -> None:
    for line in lines(day):
        fh.write(json.dumps(line, ensure_ascii=False, sort_keys=False, separators=(",", ":")))
        fh.write("\n")

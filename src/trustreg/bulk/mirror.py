"""`import-dump`: a mirror of another registry built from its full dump, history included.

One transaction: the mirror holds the whole dump or nothing. Only an empty registry can become a
mirror (nothing a person did not ask to delete is replaced). Rows keep what the public saw of
them: public ids (the source and copy URLs stay the same), dates, revisions with their own
``published_at``, bylines and credits, so pages, the API and ``?as_of=`` answer as on the original.
What the dump does not carry stays out: maintainers' accounts (a revision's reviewer is not
recorded), raw bytes of fetched copies (their derived text is; a bundled copy's bytes are its
text, and come back when their SHA-256 matches), flags, corrections and the monitor's log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.bulk.dumpread import Dump, DumpRefused, read
from trustreg.domain.bundle import Problem
from trustreg.evidence.models import Blob, Citation, MonitorState, QuoteCheck, Snapshot, Source
from trustreg.registry.convert import cell_fields, dimension_fields
from trustreg.registry.models import (
    Annotation,
    Cell,
    Dimension,
    DimensionGroup,
    Offering,
    Party,
    RegistryInfo,
    Revision,
)
from trustreg.registry.resolved import resolved_grades_refresh
from trustreg.registry.services import sources_ensure

BATCH = 500


@dataclass(frozen=True)
class MirrorReport:
    offerings: int
    parties: int
    cells: int
    revisions: int
    sources: int
    copies: int


def registry_mirror_import(*, actor: Actor, path: Path) -> MirrorReport:
    """Read and check the whole dump, then write it in one transaction (DumpRefused: nothing written)."""
    dump = read(path)
    with transaction.atomic():
        holding = [m._meta.verbose_name_plural for m in (Offering, Party, Dimension, Revision, Source)
                   if m.objects.exists()]
        if holding:
            raise DumpRefused([Problem(str(path), "", "the database already holds a registry ("
                                       + ", ".join(map(str, holding)) + "); a mirror is built in an empty one")])
        _write_registry(dump)
        sources, copies = _write_evidence(dump)
        cells = _write_cells(dump, sources, copies)
        _write_revisions(dump)
        resolved_grades_refresh()  # the stored grades and strengths the index and question pages read
        report = MirrorReport(len(dump.offerings), len(dump.parties), cells, len(dump.revisions),
                              len(dump.sources), len(dump.copies))
        audit.record(actor=actor, action="registry.mirror_import", target=str(path)[:200],
                     detail=report.__dict__)
        aftermath.published_changed()
    return report


def _write_registry(dump: Dump) -> None:
    RegistryInfo.objects.all().delete()  # the single row a fresh database may hold, empty
    RegistryInfo.objects.create(**dump.meta)
    cat = dump.catalogue
    assert cat is not None
    DimensionGroup.objects.bulk_create([
        DimensionGroup(id=g.id, label=g.label, description=g.description, position=pos, informational=g.informational)
        for pos, g in enumerate(cat.groups)
    ])
    Dimension.objects.bulk_create([Dimension(id=d.id, **dimension_fields(d, pos))
                                   for pos, d in enumerate(cat.all_dimensions)])
    Party.objects.bulk_create([Party(**p) for p in dump.parties])
    Offering.objects.bulk_create([
        Offering(**{k: v for k, v in o.items() if k not in ("developer", "platform")},
                 developer_id=o["developer"], platform_id=o["platform"])
        for o in dump.offerings
    ], batch_size=BATCH)


def _write_evidence(dump: Dump) -> tuple[dict[str, Source], dict[str, Snapshot]]:
    sources = {s["url"]: Source(public_id=s["id"], url=s["url"], canonical_url=s["canonical_url"],
                                publisher=s["publisher"], kind=s["kind"], title=s["title"],
                                archived_url=s["archived_url"]) for s in dump.sources}
    Source.objects.bulk_create(list(sources.values()), batch_size=BATCH)
    MonitorState.objects.bulk_create([
        MonitorState(source=sources[s["url"]], last_fetched_at=s["last_fetched_at"])
        for s in dump.sources if s["last_fetched_at"] is not None
    ], batch_size=BATCH)
    blobs: dict[str, Blob] = {}
    copies: dict[str, Snapshot] = {}
    for c in dump.copies:
        data = c["text"].encode("utf-8")
        blob = None
        if c["sha256"] and hashlib.sha256(data).hexdigest() == c["sha256"]:
            blob = blobs.setdefault(c["sha256"], Blob(sha256=c["sha256"], data=data, size=len(data)))
        copies[c["id"]] = Snapshot(
            public_id=c["id"], source=sources[c["source"]], taken_at=c["taken_at"], how=c["how"], public=True,
            status_code=c["status_code"], final_url=c["final_url"], content_type=c["content_type"], blob=blob,
            text=c["text"], text_extractor=c["text_extractor"], extract_error=c["extract_error"],
            bundle_copy=c["bundle_copy"], provenance=c["provenance"],
        )
    Blob.objects.bulk_create(list(blobs.values()), batch_size=BATCH)
    Snapshot.objects.bulk_create(list(copies.values()), batch_size=BATCH)
    return sources, copies


def _write_cells(dump: Dump, sources: dict[str, Source], copies: dict[str, Snapshot]) -> int:
    rows: list[Cell] = []
    for holder, question, record, _ in dump.cells:
        kind, _, ident = holder.partition(":")
        rows.append(Cell(dimension_id=question, **{f"{kind}_id": ident}, **cell_fields(record)))
    Cell.objects.bulk_create(rows, batch_size=BATCH)
    for row, (_, _, _, updated_at) in zip(rows, dump.cells, strict=True):
        row.updated_at = updated_at  # bulk_create stamped "now"; the original's date is what it shows
    Cell.objects.bulk_update(rows, ["updated_at"], batch_size=BATCH)
    # A source cited by a cell but absent from the source lines (none in a dump we wrote) is created.
    refs = {ref.url: ref for _, _, record, _ in dump.cells for ref in record.sources if ref.url not in sources}
    sources.update(sources_ensure(list(refs.values())))
    by_bundle = {c.bundle_copy: c for c in sorted(copies.values(), key=lambda c: c.taken_at) if c.bundle_copy}
    linked = {(c["holder"], c["question"], c["position"]): c for c in dump.citations}
    citations: list[Citation] = []
    checks: list[tuple[Citation, dict[str, Any]]] = []
    annotations: list[Annotation] = []
    for row, (holder, question, record, _) in zip(rows, dump.cells, strict=True):
        for pos, ref in enumerate(record.sources):
            line = linked.get((holder, question, pos), {})
            snapshot = copies.get(line.get("copy") or "") or (by_bundle.get(ref.copy) if ref.copy else None)
            own_checks = line.get("quote_checks", [])
            citation = Citation(cell=row, source=sources[ref.url], snapshot=snapshot, quote=ref.quote,
                                role=ref.role, primary=ref.primary, position=pos,
                                quote_last_checked=max((c["checked_at"] for c in own_checks), default=None),
                                quote_last_seen=max((c["checked_at"] for c in own_checks if c["present"]),
                                                    default=None))
            citations.append(citation)
            checks += [(citation, check) for check in own_checks]
        annotations += [Annotation(cell=row, date=a.date, decision=a.decision, reason=a.reason, author=a.author,
                                   position=pos) for pos, a in enumerate(record.annotations)]
    Citation.objects.bulk_create(citations, batch_size=BATCH)
    Annotation.objects.bulk_create(annotations, batch_size=BATCH)
    QuoteCheck.objects.bulk_create([
        QuoteCheck(citation=c, snapshot=copies[check["copy"]], checked_at=check["checked_at"],
                   present=check["present"]) for c, check in checks
    ], batch_size=BATCH)
    return len(rows)


def _write_revisions(dump: Dump) -> None:
    offerings = {o["id"] for o in dump.offerings}
    parties = {p["id"] for p in dump.parties}
    rows = []
    for r in dump.revisions:
        kind, _, ident = r["holder"].partition(":")
        rows.append(Revision(
            id=r["id"], holder=r["holder"], dimension_id=r["question"], before=r["before"], after=r["after"], kind=r["kind"],
            offering_id=ident if kind == "offering" and ident in offerings else None,
            party_id=ident if kind == "party" and ident in parties else None,
            reason=r["reason"], author=None, author_name=r["author"][:150], credit=r["credit"][:200],
            published_at=r["published_at"],
        ))
    Revision.objects.bulk_create(rows, batch_size=BATCH)
    # Ids are the original's (changelog addresses, feed entries, API cursors): the next revision
    # this database writes must come after them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Revision]):
            cursor.execute(sql)

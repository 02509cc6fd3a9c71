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

from django.core.management.color import no_style
from django.db import connection, transaction

from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.bulk.dumpread import Dump, DumpRefused, read
from trustreg.domain.bundle import Problem
from trustreg.evidence.models import Blob, MonitorState, Snapshot, Source
from trustreg.registry.cellwrite import CellChange, KeptCitation, cells_write
from trustreg.registry.convert import dimension_fields
from trustreg.registry.models import (
    Dimension,
    DimensionGroup,
    Offering,
    Party,
    RegistryInfo,
    Revision,
)

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
        copies = _write_evidence(dump)
        cells = _write_cells(dump, copies)  # the stored grades and strengths pages read follow
        _revision_ids_continue()
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


def _write_evidence(dump: Dump) -> dict[str, Snapshot]:
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
    return copies


def _write_cells(dump: Dump, copies: dict[str, Snapshot]) -> int:
    """The cells, their citations and annotations, and every revision, through the one write core,
    keeping what the original recorded: revision ids and dates, cell dates, citations' links to
    kept copies and their quote checks (no check is made now, and no event is published)."""
    linked = {(c["holder"], c["question"], c["position"]): c for c in dump.citations}
    changes = []
    for holder, question, record, updated_at in dump.cells:
        kind, _, ident = holder.partition(":")
        kept = {}
        for pos, _ref in enumerate(record.sources):
            line = linked.get((holder, question, pos), {})
            snapshot = copies.get(line.get("copy") or "")
            kept[pos] = KeptCitation(
                snapshot_id=snapshot.pk if snapshot is not None else None,
                checks=tuple((copies[c["copy"]].pk, c["checked_at"], c["present"])
                             for c in line.get("quote_checks", [])),
            )
        changes.append(CellChange(key=(kind, ident, question), record=record, row=None, kept=kept,
                                  updated_at=updated_at))
    # a citation naming a bundled copy links to its newest kept version, as on the original
    by_bundle = {c.bundle_copy: c for c in sorted(copies.values(), key=lambda c: c.taken_at) if c.bundle_copy}
    cells_write(changes=changes, revisions=_revisions(dump), copies=by_bundle, refresh_all=True, events=False)
    return len(changes)


def _revisions(dump: Dump) -> list[Revision]:
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
    return rows


def _revision_ids_continue() -> None:
    # Ids are the original's (changelog addresses, feed entries, API cursors): the next revision
    # this database writes must come after them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Revision]):
            cursor.execute(sql)

"""Evidence write path: sources, snapshots (uploaded or pasted) and the quote check.

Every function runs in one transaction and records its audit row. Inputs are hostile: sizes are
limited, URLs must be http(s), and nothing is fetched here (the monitor fetches, behind its guard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from trustreg import textextract
from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.domain.bundle import LIMITS, URL_RE
from trustreg.domain.cells import SourceKind
from trustreg.domain.copies import CopyRecord, copy_data
from trustreg.domain.quotes import quote_found, quote_problem
from trustreg.evidence.blobs import blob_store
from trustreg.evidence.extraction import stamp_for
from trustreg.evidence.models import PUBLIC_WHEN_KEPT, Citation, QuoteCheck, Snapshot, Source
from trustreg.evidence.quotedates import dates_advance
from trustreg.evidence.versions import extractions_start

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The request answers within this (success or a refusal), well inside the web worker's timeout.
UPLOAD_PARSE_SECONDS = 10.0
MAX_TEXT_CHARS = 1_000_000
SOURCE_FIELDS = ("url", "kind", "publisher", "title", "canonical_url", "archived_url")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class EvidenceRefused(ValueError):
    """The evidence cannot be recorded as given; nothing was written."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _source_problems(values: dict[str, Any]) -> list[FieldProblem]:
    problems = []
    for key in ("url", "canonical_url", "archived_url"):
        value = values.get(key) or ""
        if (key == "url" or value) and not URL_RE.match(value):
            problems.append(FieldProblem(key, "must be an http(s) URL of at most 2000 characters"))
    if values.get("kind") not in {k.value for k in SourceKind}:
        problems.append(FieldProblem("kind", f"must be one of: {', '.join(k.value for k in SourceKind)}"))
    for key, limit in (("publisher", LIMITS["publisher"]), ("title", LIMITS["title"])):
        if len(values.get(key) or "") > limit:
            problems.append(FieldProblem(key, f"is longer than {limit} characters"))
    return problems


def source_create(
    *,
    actor: Actor,
    url: str,
    kind: str,
    publisher: str = "",
    title: str = "",
    canonical_url: str = "",
    archived_url: str = "",
) -> Source:
    values = {
        "url": url.strip(),
        "kind": kind,
        "publisher": publisher.strip(),
        "title": title.strip(),
        "canonical_url": canonical_url.strip(),
        "archived_url": archived_url.strip(),
    }
    problems = _source_problems(values)
    if not problems and Source.objects.filter(url=values["url"]).exists():
        problems.append(FieldProblem("url", "a source with this URL is already recorded"))
    if problems:
        raise EvidenceRefused(problems)
    with transaction.atomic():
        source = Source.objects.create(**values)
        audit.record(
            actor=actor, action="source.create", target=f"source:{source.pk}", detail={"url": source.url}
        )
    return source


def source_update(*, actor: Actor, source: Source, **changes: str) -> Source:
    unknown = set(changes) - set(SOURCE_FIELDS) - {"url"}
    if unknown:
        raise EvidenceRefused([FieldProblem(k, "cannot be changed here") for k in sorted(unknown)])
    values = {k: getattr(source, k) for k in SOURCE_FIELDS}
    values.update({k: (v or "").strip() for k, v in changes.items()})
    problems = _source_problems(values)
    if values["url"] != source.url and Source.objects.filter(url=values["url"]).exists():
        problems.append(FieldProblem("url", "a source with this URL is already recorded"))
    if problems:
        raise EvidenceRefused(problems)
    with transaction.atomic():
        changed = {k: v for k, v in values.items() if getattr(source, k) != v}
        for k, v in changed.items():
            setattr(source, k, v)
        source.save()
        if changed:  # its title, kind and links show on the pages and in the bulk files
            aftermath.published_changed()
        audit.record(
            actor=actor, action="source.update", target=f"source:{source.pk}", detail={"changed": changed}
        )
    return source


def snapshot_add(
    *,
    actor: Actor,
    source: Source,
    text: str | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
    content_type: str = "",
) -> Snapshot:
    """Keep a copy of ``source``: pasted ``text`` as is, or an uploaded file's bytes and text."""
    if (text is None) == (upload is None):
        raise EvidenceRefused([FieldProblem("text", "paste the text or upload a file (one of the two)")])
    if upload is not None:
        if len(upload) > MAX_UPLOAD_BYTES:
            raise EvidenceRefused(
                [FieldProblem("file", f"is {len(upload)} bytes; the limit is {MAX_UPLOAD_BYTES}")]
            )
        try:
            result = textextract.extract(upload, content_type=content_type or None, name=upload_name or None,
                                         max_bytes=MAX_UPLOAD_BYTES, pdf_timeout=UPLOAD_PARSE_SECONDS,
                                         html_timeout=UPLOAD_PARSE_SECONDS)
        except textextract.ExtractionError as exc:
            raise EvidenceRefused([FieldProblem("file", str(exc))]) from None
        ctype = {"html": "text/html", "pdf": "application/pdf", "markdown": "text/markdown"}.get(
            result.media, "text/plain")
        extracted, extractor = result.text, stamp_for(result.extractor)  # derived by us: re-derivable
        raw, how = upload, Snapshot.How.UPLOADED
    else:
        assert text is not None
        extracted, extractor, ctype = text, Snapshot.How.PASTED.value, "text/plain"  # kept as is
        raw, how = text.encode("utf-8"), Snapshot.How.PASTED
    if not extracted.strip():
        raise EvidenceRefused([FieldProblem("text", "holds no text")])
    if len(extracted) > MAX_TEXT_CHARS:
        raise EvidenceRefused(
            [FieldProblem("text", f"is {len(extracted)} characters; the limit is {MAX_TEXT_CHARS}")]
        )
    if "\x00" in extracted:
        raise EvidenceRefused([FieldProblem("text", "contains a NUL character")])
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            source=source,
            taken_at=timezone.now(),
            how=how,
            public=how in PUBLIC_WHEN_KEPT,
            blob_id=blob_store(raw),
            content_type=ctype,
            text=extracted,
            text_extractor=extractor,
        )
        extractions_start([snapshot])
        audit.record(
            actor=actor,
            action="snapshot.add",
            target=f"source:{source.pk}",
            detail={"snapshot": snapshot.pk, "how": how, "sha256": snapshot.blob_id, "chars": len(extracted)},
        )
    return snapshot


def snapshot_keep_ingested(
    *, actor: Actor, url: str, data: bytes, text: str, extractor: str, content_type: str, fetched: bool,
    kind: str, title: str = "", publisher: str = "",
) -> Snapshot:
    """Keep an ingested document as a copy of the source at ``url`` (caller's transaction).

    Its text is what ingestion derived, so the ready citations it proposes can be published
    without adding the copy again. The same bytes of the same source are kept once. A document
    fetched from its URL is a public page; a file said to be published there waits for a
    maintainer, like an upload. The source is recorded through ``source_create`` when new.
    """
    source = Source.objects.filter(url=url).first() or source_create(
        actor=actor, url=url, kind=kind, title=title[:LIMITS["title"]], publisher=publisher[:LIMITS["publisher"]])
    sha256 = blob_store(data)
    kept = source.snapshots.filter(blob_id=sha256, text=text).first()
    if kept is not None:
        return kept
    how = Snapshot.How.FETCHED if fetched else Snapshot.How.UPLOADED
    snapshot = Snapshot.objects.create(
        source=source, taken_at=timezone.now(), how=how, public=how in PUBLIC_WHEN_KEPT, blob_id=sha256,
        content_type=content_type[:200], final_url=url if fetched else "", text=text,
        text_extractor=stamp_for(extractor),
    )
    extractions_start([snapshot])
    audit.record(
        actor=actor, action="snapshot.add", target=f"source:{source.pk}",
        detail={"snapshot": snapshot.pk, "how": how, "sha256": sha256, "chars": len(text), "ingested": True},
    )
    return snapshot


def snapshot_set_public(*, actor: Actor, snapshot: Snapshot, public: bool, reason: str) -> Snapshot:
    """Show a kept copy to visitors, or hide it again: a maintainer's decision, with its reason.

    An uploaded or pasted copy may hold text that must not be public (an NDA-gated report), so it
    is private until someone decides otherwise here."""
    reason = " ".join(reason.split())
    if not reason:
        raise EvidenceRefused([FieldProblem("reason", "say why this copy may (or may no longer) be public")])
    if len(reason) > 2000:
        raise EvidenceRefused([FieldProblem("reason", f"is {len(reason)} characters; the limit is 2000")])
    with transaction.atomic():
        locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.public == public:
            raise EvidenceRefused([FieldProblem("public", f"the copy is already {'public' if public else 'private'}")])
        Snapshot.objects.filter(pk=locked.pk).update(public=public)
        aftermath.published_changed()
        audit.record(
            actor=actor,
            action="snapshot.public" if public else "snapshot.private",
            target=f"source:{locked.source_id}",
            detail={"snapshot": locked.pk, "how": locked.how, "reason": reason},
        )
    snapshot.public = public
    return snapshot


def snapshot_with_quote(source: Source, quote: str) -> Snapshot | None:
    """The newest snapshot of ``source`` whose text holds ``quote`` (None when none does)."""
    for snapshot in source.snapshots.order_by("-taken_at", "-id").only("id", "text", "taken_at", "source_id"):
        if quote_found(quote, snapshot.text):
            return snapshot
    return None


def citation_problem(source: Source, quote: str) -> tuple[Snapshot | None, str | None]:
    """(the snapshot that verifies ``quote``, None) or (None, why it cannot be published)."""
    if not source.snapshots.exists():
        return None, f"{source.url} has no snapshot yet: paste or upload its text first"
    latest = source.snapshots.order_by("-taken_at", "-id").first()
    assert latest is not None
    problem = quote_problem(quote, latest.text)
    if problem is None:
        return latest, None
    older = snapshot_with_quote(source, quote)
    if older is not None:
        return None, (
            f"the quote is only in an older snapshot (#{older.pk}) of {source.url}, "
            "not in the newest one: the source may have changed"
        )
    return None, f"{problem} ({source.url})"


def snapshots_keep_bundled(
    *, actor: Actor, copies: Iterable[CopyRecord], sources: dict[str, Source],
) -> dict[str, Snapshot]:
    """Keep the copies bundled with the data files as snapshots of their sources; by copy id.

    Idempotent: a copy already kept (same source, same bytes, same copy id) is reused, its
    metadata brought up to date. A copy is taken at its retrieval date (start of that day, UTC),
    not at load time: that is when its text was what it says. ``sources`` holds every copy's URL.
    """
    copies = list(copies)
    if not copies:
        return {}
    with transaction.atomic():
        existing = {
            (s.bundle_copy, s.source_id, s.blob_id): s
            for s in Snapshot.objects.filter(how=Snapshot.How.BUNDLED, bundle_copy__in=[c.id for c in copies])
            .defer("text")
        }
        kept: dict[str, Snapshot] = {}
        new: list[Snapshot] = []
        changed: list[Snapshot] = []
        for copy in copies:
            source = sources[copy.url]
            provenance = {k: v for k, v in copy_data(copy).items() if k not in ("url", "sha256")}
            taken_at = dt.datetime.combine(copy.retrieved, dt.time(), tzinfo=dt.UTC)
            snap = existing.get((copy.id, source.pk, copy.sha256))
            if snap is None:
                blob_store(copy.text.encode("utf-8"), copy.sha256)
                snap = Snapshot(
                    source=source, taken_at=taken_at, how=Snapshot.How.BUNDLED, final_url=copy.url,
                    public=copy.public,  # the copy's metadata says whether it may be shown
                    blob_id=copy.sha256, content_type="text/plain", text=copy.text,
                    text_extractor="bundled", bundle_copy=copy.id, provenance=provenance,
                )
                new.append(snap)
            elif snap.provenance != provenance or snap.taken_at != taken_at:
                snap.provenance, snap.taken_at = provenance, taken_at
                changed.append(snap)
            kept[copy.id] = snap
        Snapshot.objects.bulk_create(new, batch_size=200)
        extractions_start(new)
        if changed:
            Snapshot.objects.bulk_update(changed, ["provenance", "taken_at"], batch_size=200)
        if new or changed:
            audit.record(
                actor=actor, action="snapshot.bundle", target="copies",
                detail={"kept": sorted(s.bundle_copy for s in new),
                        "updated": sorted(s.bundle_copy for s in changed)},
            )
    return kept


def quote_checks_record(
    *, checks: Iterable[tuple[int, Snapshot, bool]], now: dt.datetime | None = None
) -> int:
    """Record that citations' quotes were (or were not) found in snapshots (caller's transaction).

    The log row, the citation's own last-checked / last-found dates and the same dates kept once per
    (source, quote) (``QuoteDates``, what pages read) are written together, so they always agree."""
    now = now or timezone.now()
    rows = [QuoteCheck(citation_id=cid, snapshot=snap, checked_at=now, present=present)
            for cid, snap, present in checks]
    QuoteCheck.objects.bulk_create(rows, batch_size=500)
    found = [r.citation_id for r in rows if r.present]
    everyone = [r.citation_id for r in rows]
    present_ids = set(found)
    # Dates only move forward: a check recorded late for an earlier time leaves newer dates alone.
    for ids, column in ((found, "quote_last_seen"), (everyone, "quote_last_checked")):
        for start in range(0, len(ids), 500):
            Citation.objects.filter(pk__in=ids[start:start + 500]).filter(
                Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": now})
            ).update(**{column: now})
    moves: dict[tuple[int, str], tuple[dt.datetime, dt.datetime | None]] = {}
    for start in range(0, len(everyone), 500):  # and once per (source, quote), which pages read
        for cid, sid, quote in Citation.objects.filter(pk__in=everyone[start:start + 500]).values_list(
                "pk", "source_id", "quote"):
            _, seen = moves.get((sid, quote), (now, None))
            moves[(sid, quote)] = (now, now if cid in present_ids else seen)
    dates_advance(moves)
    if rows:  # quote found or not: the evidence strength the pages show
        aftermath.published_changed()
    return len(rows)


def quote_checks_keep(*, checks: Sequence[tuple[Citation, int, dt.datetime, bool]]) -> int:
    """Record quote checks made elsewhere, at their own times (a mirror keeps the original's log):
    (citation, snapshot id, checked at, quote present). As with ``quote_checks_record``, the log rows
    and the citations' last-checked / last-found dates are written together, dates only moving forward."""
    QuoteCheck.objects.bulk_create(
        [QuoteCheck(citation_id=cit.pk, snapshot_id=sid, checked_at=at, present=present)
         for cit, sid, at, present in checks], batch_size=500)
    moved: dict[int, Citation] = {}
    for cit, _, at, present in checks:
        if cit.quote_last_checked is None or cit.quote_last_checked < at:
            cit.quote_last_checked = at
            moved[cit.pk] = cit
        if present and (cit.quote_last_seen is None or cit.quote_last_seen < at):
            cit.quote_last_seen = at
            moved[cit.pk] = cit
    Citation.objects.bulk_update(list(moved.values()), ["quote_last_checked", "quote_last_seen"], batch_size=500)
    pairs: dict[tuple[int, str], tuple[dt.datetime, dt.datetime | None]] = {}
    for cit, _, at, present in checks:
        checked, seen = pairs.get((cit.source_id, cit.quote), (at, None))
        pairs[(cit.source_id, cit.quote)] = (max(checked, at), max((d for d in (seen, at if present else None) if d),
                                                                  default=None))
    dates_advance(pairs)
    return len(checks)

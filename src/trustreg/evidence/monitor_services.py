"""The evidence monitor's write path: every change in one transaction, with its audit row.

(Sources, uploaded and pasted snapshots are written by `trustreg.evidence.services`.) A check that
found or lost a quote says so (``CheckReport.quote_states_moved``); its caller, the run in
``trustreg.monitor.run``, moves the registry's stored grades in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from trustreg.accounts import aftermath, audit
from trustreg.domain.history import holder_key
from trustreg.domain.quotes import quote_finder
from trustreg.domain.strength import QuoteState, quote_state
from trustreg.domain.worddiff import word_diff
from trustreg.evidence.blobs import blob_store
from trustreg.evidence.extraction import Derived, derive, derived_from_bytes, is_current
from trustreg.evidence.fetch import FetchResult, Outcome
from trustreg.evidence.models import (
    PUBLIC_WHEN_KEPT,
    Blob,
    Citation,
    Extraction,
    FetchAttempt,
    MonitorState,
    Snapshot,
    Source,
    SourceChange,
)
from trustreg.evidence.policy import MonitorPolicy
from trustreg.evidence.quotedates import dates_of
from trustreg.evidence.services import quote_checks_record
from trustreg.evidence.versions import extraction_add, extractions_start
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.flags.state import quote_missing_key

MAX_DETAIL_CHARS = 4_000
MAX_STORED_URL = 2_000


@dataclass(frozen=True)
class Fetched:
    """What the network stage hands to the recording stage (built outside any transaction)."""

    source_id: int
    attempt: int
    result: FetchResult
    sha256: str | None = None
    derived: Derived | None = None  # None when the bytes equal the latest snapshot's
    freshness_days: int | None = -1  # the citing dimensions' shortest policy; -1: look it up


@dataclass
class CheckReport:
    source_id: int
    url: str
    outcome: str
    reason: str
    attempt: int
    findings: list[dict] = field(default_factory=list)
    flags_raised: list[str] = field(default_factory=list)
    retry_at: dt.datetime | None = None
    snapshot_id: int | None = None
    quote_states_moved: bool = False  # some quote was found or lost: the cells citing it move


def _cap(text: str, limit: int = MAX_DETAIL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def _blob_bytes(snapshot: Snapshot) -> bytes:
    return bytes(Blob.objects.values_list("data", flat=True).get(pk=snapshot.blob_id))


def current_text(snapshot: Snapshot) -> tuple[str, str]:
    """(text, error) of a snapshot under today's extraction rules, without storing anything.

    A pasted or bundled copy's text is the copy itself: it is what it is, whatever our extractor."""
    if not derived_from_bytes(snapshot.how) or is_current(snapshot.text_extractor) or not snapshot.blob_id:
        return snapshot.text, snapshot.extract_error
    derived = derive(_blob_bytes(snapshot), content_type=snapshot.content_type, name=snapshot.final_url)
    return derived.text, derived.error


def min_freshness_days(source: Source) -> int | None:
    return Citation.objects.filter(source=source).aggregate(d=Min("cell__dimension__freshness_days"))["d"]


def _holder(cell) -> str:  # noqa: ANN001 (a registry Cell; evidence does not import the registry)
    return holder_key("offering", cell.offering_id) if cell.offering_id else holder_key("party", cell.party_id)


def _flag(actor, report: CheckReport, **kwargs) -> None:  # noqa: ANN001
    flag, created = flag_raise(actor=actor, **kwargs)
    if created:
        report.flags_raised.append(flag.kind)


def _check_quotes(actor, source: Source, snapshot: Snapshot, text: str, now, report: CheckReport) -> None:  # noqa: ANN001
    citations = list(
        Citation.objects.filter(source=source)
        .exclude(quote="")
        .select_related("cell__offering", "cell__party", "cell__dimension")
    )
    checks = []
    found = quote_finder(text)
    for citation in citations:
        present = found(citation.quote)
        checks.append((citation.pk, snapshot, present))
        if present:
            continue
        cell = citation.cell
        report.findings.append({"kind": "quote_missing", "detail": _cap(citation.quote, 300)})
        _flag(
            actor,
            report,
            kind=Flag.Kind.QUOTE_MISSING,
            key=quote_missing_key(_holder(cell), cell.dimension_id, source.pk, citation.quote),
            title=_cap(f"Quote no longer on {source.url} ({cell})", 290),
            detail=f"Cited quote not found in the copy taken {now:%Y-%m-%d %H:%M} UTC:\n\n"
            f"“{_cap(citation.quote, 2000)}”",
            data={"citation": citation.pk, "snapshot": snapshot.pk, "url": source.url},
            source=source,
            offering=cell.offering,
            party=cell.party,
            dimension=cell.dimension,
        )
    before = _states(source, citations)
    quote_checks_record(checks=checks, now=now)
    # A quote found or lost moves the evidence strength of every cell citing it: the caller moves
    # the registry's stored grades in this transaction (only when some quote's state changed).
    report.quote_states_moved = before != {
        c.quote: QuoteState.FOUND if present else QuoteState.MISSING
        for c, (_, _, present) in zip(citations, checks, strict=True)
    }


def _states(source: Source, citations: list[Citation]) -> dict[str, QuoteState]:
    """Each quote's state before this check, from the dates kept once per (source, quote)."""
    quotes = {c.quote for c in citations}
    dates = dates_of((source.pk, quote) for quote in quotes)
    return {quote: quote_state(*dates.get((source.pk, quote), (None, None))) for quote in quotes}


def _record_ok(actor, source, state, fetched: Fetched, now, report: CheckReport) -> Snapshot:  # noqa: ANN001, C901
    r = fetched.result
    latest = state.latest_snapshot
    if fetched.derived is None and latest is not None and latest.blob_id == fetched.sha256:
        snapshot = latest  # identical bytes: nothing new to keep
        text, error = current_text(latest)
    else:
        derived = fetched.derived or derive(r.body or b"", content_type=r.header("content-type"))
        blob_id = blob_store(r.body or b"", fetched.sha256)
        snapshot = Snapshot.objects.create(
            source=source,
            taken_at=r.fetched_at,
            how=Snapshot.How.FETCHED,
            public=Snapshot.How.FETCHED in PUBLIC_WHEN_KEPT,
            status_code=r.status_code,
            final_url=(r.final_url or "")[:MAX_STORED_URL],
            headers=[list(h) for h in r.headers],
            blob_id=blob_id,
            content_type=(r.header("content-type") or r.content_type or "")[:200],
            text=derived.text,
            text_extractor=derived.stamp,
            extract_error=derived.error,
        )
        extractions_start([snapshot], at=now)
        text, error = derived.text, derived.error
        if latest is not None and latest.blob_id != blob_id and not error:
            before_text, before_error = current_text(latest)
            diff = word_diff(before_text, text) if not before_error else None
            if diff is not None and diff.changed:
                change = SourceChange.objects.create(
                    source=source,
                    before=latest,
                    after=snapshot,
                    detected_at=now,
                    words_added=diff.words_added,
                    words_removed=diff.words_removed,
                    diff=diff.to_json(),
                )
                summary = f"{diff.words_removed} words removed, {diff.words_added} added"
                report.findings.append({"kind": "changed", "detail": summary})
                _flag(
                    actor,
                    report,
                    kind=Flag.Kind.SOURCE_CHANGED,
                    key=f"monitor:source_changed:source:{source.pk}",
                    title=_cap(f"Source changed: {source.url} ({summary})", 290),
                    detail=_cap(diff.as_text()),
                    data={"change": change.pk, "before": latest.pk, "after": snapshot.pk},
                    source=source,
                )
    state.latest_snapshot = snapshot
    state.etag = (r.etag or "")[:300]
    state.last_modified = (r.last_modified or "")[:100]
    state.last_fetched_at = r.fetched_at
    report.snapshot_id = snapshot.pk

    expected = source.canonical_url or source.url
    if r.final_url and r.final_url != expected:
        report.findings.append({"kind": "moved", "detail": f"{expected} -> {r.final_url}"})
        source.canonical_url = r.final_url[:MAX_STORED_URL]
        source.save(update_fields=["canonical_url"])
        audit.record(
            actor=actor,
            action="source.move",
            target=f"source:{source.pk}",
            detail={"from": expected, "to": r.final_url, "redirects": [list(x) for x in r.redirects]},
        )
        hops = ", ".join(f"{status} to {url}" for status, url in r.redirects)
        _flag(
            actor,
            report,
            kind=Flag.Kind.SOURCE_MOVED,
            key=f"monitor:source_moved:source:{source.pk}",
            title=_cap(f"Source moved: {source.url}", 290),
            detail=f"{expected} now ends at {r.final_url} ({hops}). The canonical URL was updated.",
            data={"from": expected, "to": r.final_url},
            source=source,
        )

    if error:
        report.findings.append({"kind": "unreadable", "detail": error})
        _flag(
            actor,
            report,
            kind=Flag.Kind.FETCH_FAILED,
            key=f"monitor:unreadable:source:{source.pk}",
            title=_cap(f"No text could be read from {source.url}", 290),
            detail=f"The copy was kept, but no text could be derived from it: {error}",
            source=source,
        )
    else:
        _check_quotes(actor, source, snapshot, text, now, report)
    return snapshot


FAILURE_FLAGS = {
    Outcome.BLOCKED: (Flag.Kind.SOURCE_BLOCKED, "Source blocked"),
    Outcome.GONE: (Flag.Kind.SOURCE_GONE, "Source gone"),
}


def source_check_record(
    *, actor: audit.Actor, fetched: Fetched, via: str, policy: MonitorPolicy, inline_retry: bool
) -> CheckReport:
    """Record one fetch of a source and everything the checks find. One transaction.

    The stored grades a found or lost quote moves are not this part's: call it through
    ``trustreg.monitor.run.source_check_record``, which moves them in the same transaction."""
    r = fetched.result
    now = timezone.now()
    with transaction.atomic():
        state = (
            MonitorState.objects.select_related("source", "latest_snapshot")
            .filter(source_id=fetched.source_id)
            .first()
        )
        if state is None:
            state = MonitorState.objects.create(source=Source.objects.get(pk=fetched.source_id))
        source = state.source
        report = CheckReport(source.pk, source.url, r.outcome.value, r.reason, fetched.attempt)
        snapshot = None
        if r.outcome is Outcome.OK:
            snapshot = _record_ok(actor, source, state, fetched, now, report)
        elif r.outcome is Outcome.NOT_MODIFIED and state.latest_snapshot is not None:
            snapshot = state.latest_snapshot
            state.last_fetched_at = r.fetched_at
            report.snapshot_id = snapshot.pk
            text, error = current_text(snapshot)
            if not error:
                _check_quotes(actor, source, snapshot, text, now, report)
        elif r.retryable and policy.should_retry(fetched.attempt):
            report.retry_at = now + policy.retry_delay(fetched.attempt, inline=inline_retry)
        else:
            kind, label = FAILURE_FLAGS.get(r.outcome, (Flag.Kind.FETCH_FAILED, "Fetch failed"))
            tries = f" after {fetched.attempt} tries" if fetched.attempt > 1 else ""
            report.findings.append({"kind": r.outcome.value, "detail": r.reason})
            _flag(
                actor,
                report,
                kind=kind,
                key=f"monitor:{kind}:source:{source.pk}",
                title=_cap(f"{label}: {source.url} ({r.outcome.label})", 290),
                detail=f"{r.reason}{tries}.",
                data={"outcome": r.outcome.value, "status": r.status_code},
                source=source,
            )

        succeeded = r.outcome in (Outcome.OK, Outcome.NOT_MODIFIED)
        state.last_attempt_at = now
        state.last_outcome = r.outcome.value
        state.last_reason = _cap(r.reason, 1000)
        state.consecutive_failures = 0 if succeeded else state.consecutive_failures + 1
        if report.retry_at is not None:
            state.next_check_at = report.retry_at
            state.claimed_until = report.retry_at + dt.timedelta(minutes=policy.lease_minutes)
        else:
            freshness = fetched.freshness_days
            if freshness == -1:
                freshness = min_freshness_days(source)
            state.next_check_at = now + policy.check_interval(freshness)
            state.claimed_until = None
        state.save()
        FetchAttempt.objects.create(
            source=source,
            started_at=r.fetched_at,
            attempt=fetched.attempt,
            via=via,
            outcome=r.outcome.value,
            reason=_cap(r.reason, 2000),
            status_code=r.status_code,
            requested_url=r.requested_url[:MAX_STORED_URL],
            final_url=(r.final_url or "")[:MAX_STORED_URL],
            elapsed_ms=int(r.elapsed * 1000),
            snapshot=snapshot,
            retry_at=report.retry_at,
            findings=report.findings,
        )
        audit.record(
            actor=actor,
            action="source.check",
            target=f"source:{source.pk}",
            detail={"outcome": r.outcome.value, "attempt": fetched.attempt, "flags": report.flags_raised},
        )
    return report


def snapshot_rederive(*, actor: audit.Actor, snapshot: Snapshot) -> bool:
    """Derive a snapshot's text again from its kept bytes under today's rules, as a new extraction.

    The earlier extractions stay, and the new one says our extractor changed: no diff, no flag,
    since the vendor did not change anything. A pasted or bundled copy is never re-derived (its
    text is the copy). Returns True when the text changed.
    """
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if not snapshot.blob_id or not derived_from_bytes(snapshot.how):
            return False
        derived = derive(_blob_bytes(snapshot), content_type=snapshot.content_type, name=snapshot.final_url)
        changed = (derived.text, derived.error) != (snapshot.text, snapshot.extract_error)
        if not changed and derived.stamp == snapshot.text_extractor:
            return False
        extraction = extraction_add(snapshot, text=derived.text, extractor=derived.stamp, error=derived.error,
                                    cause=Extraction.Cause.EXTRACTOR)
        if snapshot.public:  # its text shows on the source's page and in the dump
            aftermath.published_changed()
        audit.record(
            actor=actor,
            action="snapshot.rederive",
            target=f"snapshot:{snapshot.pk}",
            detail={"extractor": derived.stamp, "text_changed": changed, "extraction": extraction.pk},
        )
    return changed

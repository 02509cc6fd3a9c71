"""Reads for the monitor's pages, CLI and exports (one place, shared)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from trustreg.domain.copies import CopyRecord
from trustreg.domain.strength import QuoteState, quote_state
from trustreg.domain.worddiff import WordDiff
from trustreg.evidence import exposure
from trustreg.evidence.extraction import KEPT_AS_IS, STAMP_PREFIX
from trustreg.evidence.models import (
    Citation,
    FetchAttempt,
    MonitorState,
    QuoteDates,
    Snapshot,
    Source,
    SourceChange,
    quote_key,
)
from trustreg.evidence.quotedates import dates_of
from trustreg.flags.models import Flag

MONITOR_FLAG_KINDS = (
    Flag.Kind.QUOTE_MISSING,
    Flag.Kind.SOURCE_CHANGED,
    Flag.Kind.SOURCE_MOVED,
    Flag.Kind.SOURCE_BLOCKED,
    Flag.Kind.SOURCE_GONE,
    Flag.Kind.FETCH_FAILED,
)
MAX_RAW_SHOWN = 200_000


def scheduler_pending() -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="tasks.schedule_job"
    ).exists()


def snapshots_to_rederive(*, include_current: bool) -> list[Snapshot]:
    # Pasted and bundled copies are kept as is: their text is the copy, never re-derived.
    rows = Snapshot.objects.exclude(blob__isnull=True).exclude(how__in=KEPT_AS_IS).only("pk")
    if not include_current:
        rows = rows.exclude(text_extractor__startswith=STAMP_PREFIX)
    return list(rows.order_by("pk"))


def recent_attempts(limit: int = 100) -> QuerySet[FetchAttempt]:
    return FetchAttempt.objects.select_related("source").order_by("-started_at", "-id")[:limit]


def monitor_flags(*, open_only: bool = True, limit: int = 200) -> QuerySet[Flag]:
    rows = Flag.objects.filter(raised_by="monitor", kind__in=MONITOR_FLAG_KINDS)
    if open_only:
        rows = rows.filter(status=Flag.Status.OPEN)
    return rows.select_related("source", "offering", "party", "dimension").order_by("-created_at", "-id")[
        :limit
    ]


def summary_table(summary) -> str:  # noqa: ANN001 (monitor.RunSummary; imported lazily to avoid a cycle)
    lines = [
        f"Checked {len(summary.reports)} sources in {summary.elapsed:.1f} s",
        "",
        "outcome              count",
    ]
    for outcome, count in sorted(summary.outcomes().items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{outcome:<20} {count:>5}")
    flags = summary.flags()
    lines += ["", "flags raised         count"]
    if not flags:
        lines.append("(none)")
    for kind, count in sorted(flags.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{kind:<20} {count:>5}")
    if summary.retries:
        lines += ["", f"{len(summary.retries)} sources will be retried later"]
    return "\n".join(lines)


def status_text(*, limit: int = 20) -> str:
    lines = ["Recent fetches:"]
    for a in recent_attempts(limit):
        lines.append(f"  {a.started_at:%Y-%m-%d %H:%M} {a.outcome:<18} {a.source.url}  {a.reason[:80]}")
    lines.append("Open monitor flags:")
    flags = list(monitor_flags(limit=limit))
    lines += [f"  #{f.pk} {f.kind:<15} {f.title}" for f in flags] or ["  (none)"]
    return "\n".join(lines)


@dataclasses.dataclass(frozen=True)
class CitationDates:
    """Three different dates, never merged: see DESIGN's "every date honest"."""

    last_fetched: dt.datetime | None  # the page itself last came back (200 or 304)
    quote_last_seen: dt.datetime | None  # the quote was last found on the page
    quote_last_checked: dt.datetime | None  # the quote was last looked for (found or not)
    quote_missing: bool  # the latest check did not find it
    verified_by_person: dt.date | None  # a maintainer last verified the cell


def citation_dates(citations: list[Citation]) -> dict[int, CitationDates]:
    """Each citation's own dates (kept on the citation by ``quote_checks_record``): one query."""
    fetched = dict(
        MonitorState.objects.filter(source_id__in={c.source_id for c in citations}).values_list(
            "source_id", "last_fetched_at"
        )
    )
    out = {}
    for c in citations:
        last_checked, last_seen = c.quote_last_checked, c.quote_last_seen
        out[c.pk] = CitationDates(
            last_fetched=fetched.get(c.source_id),
            quote_last_seen=last_seen,
            quote_last_checked=last_checked,
            quote_missing=bool(c.quote and last_checked and last_checked != last_seen),
            verified_by_person=c.cell.verified,
        )
    return out


@dataclasses.dataclass
class SourcePage:
    source: Source
    state: MonitorState | None
    citations: list[tuple[Citation, CitationDates]]
    snapshots: list[Snapshot]
    changes: list[tuple[SourceChange, WordDiff]]
    attempts: list[FetchAttempt]


def source_page(source: Source, copies: QuerySet[Snapshot]) -> SourcePage:
    """``copies``: the kept copies the reader may see (``trustreg.evidence.exposure``)."""
    citations = list(
        source.citations.select_related("cell__offering", "cell__party", "cell__dimension").order_by("pk")
    )
    dates = citation_dates(citations)
    return SourcePage(
        source=source,
        state=MonitorState.objects.filter(source=source).first(),
        citations=[(c, dates[c.pk]) for c in citations],
        snapshots=list(copies.defer("text", "headers").order_by("-taken_at", "-id")[:50]),
        changes=[(ch, WordDiff.from_json(ch.diff)) for ch in source.changes.order_by("-detected_at")[:10]],
        attempts=list(source.fetch_attempts.order_by("-started_at", "-id")[:20]),
    )


@dataclasses.dataclass
class SnapshotPage:
    snapshot: Snapshot
    raw_text: str  # the kept bytes decoded for display as inert text (never rendered as HTML)
    raw_truncated: bool
    is_binary: bool


def snapshot_page(snapshot: Snapshot) -> SnapshotPage:
    data = bytes(snapshot.blob.data) if snapshot.blob else b""
    is_binary = data.startswith(b"%PDF-") or b"\x00" in data[:4096]
    shown = "" if is_binary else data[:MAX_RAW_SHOWN].decode("utf-8", errors="replace")
    return SnapshotPage(snapshot, shown, len(data) > MAX_RAW_SHOWN, is_binary)


@dataclasses.dataclass(frozen=True)
class MonitorDates:
    """What the monitor knows of one cited source and quote, for the public cell."""

    source_id: int
    last_fetched: dt.datetime | None
    quote_last_seen: dt.datetime | None
    quote_last_checked: dt.datetime | None
    source_public_id: str = ""  # for the link to its public page

    @property
    def quote_missing(self) -> bool:
        return self.quote_last_checked is not None and self.quote_last_checked != self.quote_last_seen

    # The days shown (YYYY-MM-DD in the site's time zone), as `|date:"Y-m-d"` would give them, at a
    # fraction of the filter's cost: a page shows one or two for every cited source.
    @property
    def last_fetched_day(self) -> str:
        return _day(self.last_fetched)

    @property
    def quote_last_seen_day(self) -> str:
        return _day(self.quote_last_seen)

    @property
    def quote_last_checked_day(self) -> str:
        return _day(self.quote_last_checked)


def _day(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime("%Y-%m-%d")


def monitor_dates(url: str, quote: str = "") -> MonitorDates | None:
    return monitor_dates_many([(url, quote)]).get((url, quote))


def monitor_dates_many(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], MonitorDates]:
    """The monitor's dates for many (source URL, quote) pairs in two queries (a page's citations):
    the sources with their last fetch, and the dates kept once per (source, quote) asked about."""
    urls = {url for url, _ in pairs}
    if not urls:
        return {}
    sources = {url: (pk, public_id, fetched) for url, pk, public_id, fetched in Source.objects.filter(
        url__in=urls).values_list("url", "pk", "public_id", "monitor_state__last_fetched_at")}
    # only the pairs asked about, by the (source, quote) index
    checks = dates_of((sources[url][0], quote) for url, quote in pairs if quote and url in sources)
    result: dict[tuple[str, str], MonitorDates] = {}
    for url, quote in pairs:
        if url not in sources:
            continue
        sid, public_id, fetched = sources[url]
        seen, checked = checks.get((sid, quote), (None, None)) if quote else (None, None)
        result[(url, quote)] = MonitorDates(sid, fetched, seen, checked, public_id)
    return result


def states_of(monitor: Mapping[tuple[str, str], MonitorDates]) -> dict[tuple[str, str], QuoteState]:
    """The quotes' states in the kept copies from the monitor's dates already read for a page (what
    ``quote_states`` would read again): a pair never checked is left out, as there."""
    return {pair: quote_state(d.quote_last_seen, d.quote_last_checked)
            for pair, d in monitor.items() if pair[1] and d.quote_last_checked is not None}


def _newest_bundled(copy_ids: list[str] | None = None, *, with_text: bool = True) -> dict[str, Snapshot]:
    """The newest bundled snapshot of each kept copy (of the given ids; all when None): one query."""
    rows = Snapshot.objects.filter(how=Snapshot.How.BUNDLED).select_related("source")
    if copy_ids is not None:
        rows = rows.filter(bundle_copy__in=copy_ids)
    if not with_text:
        rows = rows.defer("text", "headers")
    newest: dict[str, Snapshot] = {}
    for snap in rows.order_by("bundle_copy", "-taken_at", "-id"):
        newest.setdefault(snap.bundle_copy, snap)
    return newest


def _copy_record(cid: str, snap: Snapshot, text: str) -> CopyRecord:
    p = snap.provenance
    return CopyRecord(
        id=cid, url=snap.source.url, title=p.get("title", ""), publisher=p.get("publisher", ""),
        kind=p.get("kind", snap.source.kind), retrieved=snap.taken_at.date(),
        retrieved_is_copy_date=bool(p.get("retrieved_is_copy_date")), obtained=p.get("obtained", ""),
        sha256=snap.blob_id or "", public=snap.public, text=text,
        primary_for=tuple(p.get("primary_for", ())),
    )


def bundled_copies() -> tuple[CopyRecord, ...]:
    """The kept copies loaded from data files, newest per copy id, as records (for the export)."""
    return tuple(_copy_record(cid, snap, snap.text) for cid, snap in sorted(_newest_bundled().items()))


def kept_copies_meta(copy_ids: list[str]) -> dict[str, CopyRecord]:
    """The named kept copies without their text (``text`` is empty): one query, for citations."""
    return {cid: _copy_record(cid, snap, "") for cid, snap in _newest_bundled(copy_ids, with_text=False).items()}


def public_kept_copy(copy_id: str) -> CopyRecord | None:
    """A kept copy with its text when a visitor may see it (``exposure``: a public copy of a cited
    source); None when it is private, its source is not cited, or there is no such copy."""
    snap = _newest_bundled([copy_id]).get(copy_id)
    visitor = AnonymousUser()
    if snap is None or not (exposure.visible_copies(visitor, snap.source).filter(pk=snap.pk).exists()
                            and exposure.visible_sources(visitor).filter(pk=snap.source_id).exists()):
        return None
    return _copy_record(copy_id, snap, snap.text)


def quote_states(
    urls: Iterable[str] | None = None, quotes: Iterable[str] | None = None,
) -> dict[tuple[str, str], QuoteState]:
    """Each (source URL, quote)'s state in the kept copies, in one query (all when no URLs), from the
    dates kept once per (source, quote); with ``quotes``, only those quotes' states (a page's own)."""
    rows = QuoteDates.objects.filter(last_checked__isnull=False)
    if urls is not None:
        rows = rows.filter(source__url__in=set(urls))
    if quotes is not None:
        rows = rows.filter(quote_hash__in={quote_key(q) for q in quotes if q})
    return {(url, quote): quote_state(seen, checked)
            for url, quote, seen, checked in rows.values_list("source__url", "quote", "last_seen", "last_checked")}

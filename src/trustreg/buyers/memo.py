"""The vendor-file memo from the registry: Markdown (deterministic) and PDF (WeasyPrint).

Reads through the same selectors as the offering page; adds what a reviewer files with it: the
kept copies' hashes, whether each quote is found in its copy, open flags and pending corrections.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from markdown_it import MarkdownIt

from trustreg.buyers.profiles import step_catalogue
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.fit import Profile, fit_offering
from trustreg.domain.freshness import expires_on
from trustreg.domain.memo import MemoCell, MemoInput, MemoSource
from trustreg.domain.quotes import quote_found
from trustreg.domain.strength import EvidenceStrength
from trustreg.evidence.models import Snapshot
from trustreg.evidence.selectors import monitor_dates_many
from trustreg.flags.models import Flag
from trustreg.registry.selectors import OfferingView, offering_view, registry_meta
from trustreg.workbench.models import Correction

PENDING = (Correction.Status.RECEIVED, Correction.Status.ACCEPTED)


def memo_input(
    offering_id: str, as_of: dt.date | None = None, profile: Profile | None = None, query: str = "",
) -> MemoInput:
    """Everything the memo says, for the registry as it was at the end of ``as_of`` (today if None).

    Raises ``selectors.NotFound`` for an unknown offering (or one not yet in the registry then).
    """
    today = timezone.now().date()
    day = min(as_of or today, today)
    view = offering_view(offering_id, as_of if day < today else None)  # the end of today is now
    o = view.offering
    base = settings.SITE_BASE_URL.rstrip("/")
    pinned = "?" + urlencode({"as_of": day.isoformat()})
    evidence = view.strengths  # the offering page's own evidence strengths, computed once
    memo_cells = _memo_cells(view, evidence, day)
    by_dim = {mc.cell.dimension.id: mc for mc in memo_cells}
    fit = None
    if profile is not None:
        cells = {c.dimension.id: c for c in view.cells}
        names = {o.developer_id: o.developer.name, o.platform_id: o.platform.name}
        fit = fit_offering(o.id, profile, cells, evidence, step_catalogue(), names)
    meta = registry_meta()
    return MemoInput(
        offering_id=o.id, name=o.name, developer=o.developer.name, platform=o.platform.name,
        category=o.category, summary=o.summary, as_of=day,
        offering_url=f"{base}{reverse('site:offering', args=[o.id])}{pinned}",
        memo_url=f"{base}{reverse('buyers:memo_md', args=[o.id])}{pinned}{'&' + query if query else ''}",
        groups=tuple((g.label, tuple(by_dim[c.dimension.id] for c in g.cells)) for g in view.groups),
        to_confirm=tuple(mc for mc in memo_cells if evidence[mc.cell.dimension.id].to_confirm),
        profile_title=profile.title if profile else "", fit=fit,
        fit_url=f"{base}{reverse('buyers:fit')}?{query}" if query else "",
        disclaimer=meta.disclaimer, license=meta.license,
    )


def _memo_cells(view: OfferingView, evidence: dict[str, EvidenceStrength], day: dt.date) -> list[MemoCell]:
    o = view.offering
    cited = [(s.url, s.quote) for c in view.cells for s in c.sources]
    dates = monitor_dates_many(cited)
    copies = {
        snap.bundle_copy: snap
        for snap in Snapshot.objects.filter(
            how=Snapshot.How.BUNDLED, bundle_copy__in={s.copy for c in view.cells for s in c.sources if s.copy},
            taken_at__lt=_end_of(day),
        ).order_by("bundle_copy", "taken_at", "id")
    }
    flags: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, dim in Flag.objects.filter(
        Q(offering_id=o.id) | Q(party_id__in=[o.developer_id, o.platform_id], offering__isnull=True),
        status=Flag.Status.OPEN, dimension__isnull=False,
    ).values_list("kind", "dimension_id"):
        flags[dim][str(Flag.Kind(kind).label)] += 1
    pending = Counter(
        Correction.objects.filter(offering_id=o.id, status__in=PENDING).values_list("dimension_id", flat=True)
    )
    out = []
    for c in view.cells:
        sources = []
        for s in c.sources:
            snap = copies.get(s.copy or "")
            seen = dates.get((s.url, s.quote))
            last_found = seen.quote_last_seen.date() if seen and seen.quote_last_seen else None
            if snap is not None and s.quote and quote_found(s.quote, snap.text):
                last_found = max(filter(None, [last_found, snap.taken_at.date()]))
            sources.append(MemoSource(
                ref=s, copy_sha256=snap.blob_id or "" if snap else "",
                copy_retrieved=snap.taken_at.date() if snap else None,
                copy_obtained=str(snap.provenance.get("obtained", "")) if snap else "",
                quote_last_found=last_found,
            ))
        out.append(MemoCell(
            cell=c, recorded_by=_recorded_by(c, view),
            evidence=f"{evidence[c.dimension.id].label} ({evidence[c.dimension.id].why})",
            expires=expires_on(c.record.verified, c.dimension.freshness_days) if c.record else None,
            sources=tuple(sources),
            open_flags=tuple(f"{label} ({n})" for label, n in sorted(flags[c.dimension.id].items())),
            pending_corrections=pending[c.dimension.id],
        ))
    return out


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _recorded_by(cell: ResolvedCell, view: OfferingView) -> str:
    party = view.party_name(cell.graded_party_id)
    if cell.origin.value == "party":
        return f"{party}, inherited by this offering (two-level rule)"
    if cell.origin.value == "override":
        return f"this offering, overriding {party}'s cell"
    if cell.origin.value == "offering":
        return "this offering"
    return "nobody yet"


# --- PDF ---------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: "page " counter(page) " of " counter(pages);
  font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #57606a; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; color: #1b1f24; }
h1 { font-size: 16pt; margin: 0 0 6pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 10.5pt; margin: 10pt 0 2pt; break-after: avoid; }
blockquote { margin: 2pt 0 2pt 8pt; padding-left: 6pt; border-left: 3px solid #d0d7de; color: #333; }
a { color: #0b57d0; word-break: break-all; } code { font-family: "DejaVu Sans Mono", monospace; }
ul, ol { padding-left: 14pt; } li { margin: 1pt 0; }
"""


def markdown_to_html(text: str, title: str) -> str:
    """Our Markdown as HTML: raw HTML in it is escaped, link targets checked by markdown-it."""
    body = MarkdownIt("commonmark", {"html": False}).render(text)
    from django.utils.html import escape

    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{PDF_CSS}</style></head><body>{body}</body></html>")


def _refusing_fetcher() -> object:
    """WeasyPrint's URL fetcher for memos: a memo embeds nothing, so no URL is ever fetched."""
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            raise ValueError(f"the memo renderer fetches nothing ({url[:60]!r})")

    return RefuseAll(allowed_protocols=(), allow_redirects=False)


def render_pdf(text: str, title: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=markdown_to_html(text, title), url_fetcher=_refusing_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)

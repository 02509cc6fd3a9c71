"""The documents behind each endpoint, built from the pages' own selectors (no rule is restated).

Each function takes already-parsed parameters and issues a fixed number of queries, whatever the
size of the registry (pinned in tests/api/test_endpoints.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import Q

from trustreg.api import documents as docs
from trustreg.api.http import BadParameter, decode_cursor, encode_cursor, envelope, listing, page
from trustreg.buyers import fitpage, profiles
from trustreg.domain import history as dh
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.fit import Profile
from trustreg.domain.health import CellFigures
from trustreg.domain.strength import cell_strength
from trustreg.evidence import selectors as evidence
from trustreg.health.selectors import health_shares, registry_health
from trustreg.registry import changelog, index, selectors
from trustreg.registry.comparison import MAX_COMPARED, compare_view
from trustreg.registry.lazy import LazyRows
from trustreg.registry.models import Offering, Party, Revision


def _cells(
    entries: list[tuple[Offering, ResolvedCell]], as_of: dt.date | None, party_names: dict[str, str],
    monitor: dict[tuple[str, str], evidence.MonitorDates] | None = None,
) -> list[dict[str, Any]]:
    """Documents for cells of (possibly many) offerings, with their copies and monitor dates looked
    up in one go (``monitor``: already read with the cells, as the offering page reads them). The
    quotes' states come from the same dates: only the cited quotes' own, never every quote of a source."""
    copy_ids, pairs = docs.cited([c for _, c in entries])
    copies = evidence.kept_copies_meta(copy_ids)
    if monitor is None:
        monitor = evidence.monitor_dates_many(pairs)
    quotes = evidence.states_of(monitor)
    today = selectors.shown_day(as_of)
    return [
        docs.cell_document(c, offering_id=o.id, today=today, party_names=party_names, copies=copies,
                           monitor=monitor, strength=cell_strength(c, quotes, today))
        for o, c in entries
    ]


def offering_list(
    filters: index.IndexFilters, as_of: dt.date | None, cursor: str | None, limit: int,
) -> dict[str, Any]:
    view = index.index_view(filters, "order", as_of)
    chunk, next_cursor = page(view.rows, cursor, limit, listing("offerings", filters, as_of))
    return envelope(
        as_of, total=len(view.rows), count=len(chunk), next_cursor=next_cursor,
        items=[
            {**docs.offering_summary(r.offering),
             "grades": [{"question": c.dimension_id, "grade": c.grade, "origin": str(c.origin),
                         "evidence_strength": c.evidence.strength.value} for c in r.cells]}
            for r in chunk
        ],
    )


def offering_detail(offering_id: str, as_of: dt.date | None) -> dict[str, Any]:
    view = selectors.offering_view(offering_id, as_of, with_monitor=True)  # the page's one date read
    o = view.offering
    names = {pid: p.name for pid, p in view.parties.items()}
    cells = _cells([(o, c) for c in view.cells + view.info_cells], as_of, names, view.monitor)
    return envelope(
        as_of, offering=docs.offering_summary(o), summary=o.summary,
        cells=cells[:len(view.cells)], informational_cells=cells[len(view.cells):],
    )


def kept_copy(copy_id: str) -> dict[str, Any] | None:
    copy = evidence.public_kept_copy(copy_id[:120])
    return None if copy is None else envelope(None, **docs.copy_document(copy))


def question_document(d: Any, informational: bool = False) -> dict[str, Any]:
    return {"informational": informational,
        "id": d.id, "slug": d.slug, "label": d.label, "question": d.question, "description": d.description,
        "group": d.group, "level": d.level.value, "freshness_days": d.freshness_days,
        "facts": [{"key": k, "type": s.type.value, "description": s.description} for k, s in d.facts.items()],
    }


def catalogue() -> dict[str, Any]:
    cat = selectors.catalogue()
    return envelope(
        None, groups=[{"id": g.id, "label": g.label, "description": g.description, "informational": g.informational}
                      for g in cat.groups],
        questions=[question_document(d) for d in cat.dimensions]
        + [question_document(d, informational=True) for d in cat.informational],
    )


def parties(cursor: str | None, limit: int) -> dict[str, Any]:
    """A page of parties, each with the listed offerings it develops and serves (read for that page only)."""
    rows = LazyRows(Party.objects.order_by("id"), list)
    chunk, next_cursor = page(rows, cursor, limit, listing("parties"))
    ids = [p.id for p in chunk]
    develops: dict[str, list[str]] = {}
    serves: dict[str, list[str]] = {}
    for oid, dev, plat in (selectors.listed_offerings().filter(Q(developer_id__in=ids) | Q(platform_id__in=ids))
                           .order_by("sort_order", "id").values_list("id", "developer_id", "platform_id")):
        develops.setdefault(dev, []).append(oid)
        serves.setdefault(plat, []).append(oid)
    return envelope(None, total=len(rows), count=len(chunk), next_cursor=next_cursor, items=[
        {"id": p.id, "name": p.name, "organisation": p.organisation, "url": p.url, "summary": p.summary,
         "develops": develops.get(p.id, []), "serves": serves.get(p.id, [])}
        for p in chunk
    ])


def question_across(slug: str, as_of: dt.date | None, cursor: str | None, limit: int) -> dict[str, Any]:
    view = selectors.question_view(slug, as_of)
    chunk, next_cursor = page(view.entries, cursor, limit, listing("question", view.dimension.id, as_of))
    # a cell is graded on its offering's developer or platform: the page's offerings name them all
    names = {p.id: p.name for o, _ in chunk for p in (o.developer, o.platform)}
    cells = _cells(chunk, as_of, names)
    return envelope(
        as_of, question=question_document(view.dimension), grade_counts=dict(view.grade_counts),
        total=len(view.entries), count=len(chunk), next_cursor=next_cursor,
        items=[{"offering": docs.offering_summary(o), "cell": cell} for (o, _), cell in zip(chunk, cells, strict=True)],
    )


def comparison(ids: list[str], as_of: dt.date | None) -> dict[str, Any]:
    ids = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if not 2 <= len(ids) <= MAX_COMPARED:
        raise BadParameter(f"ids: give 2 to {MAX_COMPARED} different offering ids separated by commas")
    view = compare_view(*ids, as_of=as_of)
    names = {pid: p.name for v in view.views for pid, p in v.parties.items()}
    rows = view.rows
    cells = iter(_cells([(o, c) for _, entries, _ in rows for o, c, _ in entries], as_of, names))
    return envelope(as_of, offerings=[docs.offering_summary(v.offering) for v in view.views], rows=[
        {"question": d.id, "question_label": d.label, "differs": differs, "cells": [next(cells) for _ in entries]}
        for d, entries, differs in rows
    ])


def change_document(entry: changelog.Entry) -> dict[str, Any]:
    r, s = entry.revision, entry.summary
    return {
        "id": r.pk, "published_at": r.published_at, "kind": r.kind, "reason": r.reason, "title": entry.title,
        "holder": {"kind": entry.holder_kind, "id": entry.holder_id, "name": entry.holder_name},
        "question": r.dimension_id, "status": s.status, "grade_before": s.grade_before,
        "grade_after": s.grade_after, "fields": list(s.fields), "before": r.before, "after": r.after,
        "author": entry.author_name, "reviewer": entry.reviewer_name, "credit": r.credit,
    }


def changes(
    since: dt.date | None, cursor: str | None, as_of: dt.date | None, filters: changelog.Filters, limit: int,
) -> dict[str, Any]:
    """Revisions oldest first after a cursor (a revision id, stable however many are added later)
    and/or from the start of ``since``, up to the end of ``as_of``."""
    # bound to the filters, not to since/as_of: a kept cursor resumes after the last change seen
    of = listing("changes", filters.offering.pk if filters.offering else None, filters.dimension, filters.kind)
    after_id = decode_cursor(cursor, of)
    qs = changelog.revisions(filters).filter(pk__gt=after_id).order_by("id")
    if since is not None:
        qs = qs.filter(published_at__gte=dh.start_of_day(since))
    if as_of is not None:
        qs = qs.filter(published_at__lt=dh.end_of_day(as_of))
    rows = list(qs[:limit + 1])
    chunk = rows[:limit]
    next_cursor = encode_cursor(of, chunk[-1].pk) if len(rows) > limit else None
    return envelope(as_of, count=len(chunk), next_cursor=next_cursor,
                    items=[change_document(e) for e in changelog.entries(chunk)])


def offering_history(offering_id: str, as_of: dt.date | None, cursor: str | None, limit: int) -> dict[str, Any]:
    """Every revision that changed what the offering shows (its own cells and those it inherits),
    newest first; up to the end of ``as_of`` when given."""
    o = Offering.objects.select_related("developer", "platform").filter(id=offering_id).first()
    if o is None:
        raise selectors.NotFound(f"no offering {offering_id!r}")
    qs = changelog.revisions(changelog.Filters(offering=o))
    if as_of is not None:
        qs = qs.filter(published_at__lt=dh.end_of_day(as_of))
    of = listing("history", o.pk, as_of)
    start = decode_cursor(cursor, of)
    rows: list[Revision] = list(qs[start:start + limit + 1])
    chunk = rows[:limit]
    next_cursor = encode_cursor(of, start + limit) if len(rows) > limit else None
    return envelope(as_of, offering=docs.offering_summary(o), count=len(chunk), next_cursor=next_cursor,
                    items=[change_document(e) for e in changelog.entries(chunk)])


def fit(params: Any, as_of: dt.date | None, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """The fit check of the /fit/ page: the same query fields (``preset`` or ``r_<question>``...)."""
    asked = profiles.profile_from_query(params, selectors.catalogue())
    if asked.problems:
        raise BadParameter("; ".join(asked.problems))
    if asked.profile is None:
        raise BadParameter("preset: give preset=ID or at least one r_<question> field")
    return fit_document(asked.profile, as_of, cursor, limit)


def fit_document(profile: Profile, as_of: dt.date | None, cursor: str | None = None,
                 limit: int = 50) -> dict[str, Any]:
    """A page of the offerings' verdicts, requirement results and steps for a parsed profile, best
    first, with the counts over every offering: counted and paged in SQL (``buyers.fitpage``)."""
    of = listing("fit", profile.model_dump(mode="json"), as_of)
    start = decode_cursor(cursor, of)
    view = fitpage.fit_page(profile, as_of, per_page=limit, offset=start)
    more = start + limit < view.total
    return envelope(
        as_of, profile=profile.model_dump(mode="json"), evaluated_on=view.today,
        counts={v.value: n for v, n in view.counts}, total=view.total, count=len(view.rows),
        next_cursor=encode_cursor(of, start + limit) if more else None,
        items=[
            {
                "offering": docs.offering_summary(r.offering), "verdict": r.verdict.value,
                "verdict_label": r.verdict.label,
                "requirements": [
                    {"question": res.requirement.question, "requirement": res.requirement.describe(),
                     "verdict": res.verdict.value, "reason": res.reason, "evidence_strength": res.evidence.strength.value,
                     "grade": res.cell.grade, "verified": res.verified, "steps": list(res.steps)}
                    for res in r.fit.results
                ],
                "steps": [f"{q}: {s}" for q, s in r.fit.steps],
            }
            for r in view.rows
        ],
    )


def _figures(f: CellFigures) -> dict[str, Any]:
    return {**dataclasses.asdict(f), "shares": health_shares(f)}


def health() -> dict[str, Any]:
    h = registry_health()
    return envelope(
        None, evaluated_on=h.today, coverage=_figures(h.figures), open_flags=h.open_flags,
        open_flags_total=h.open_flags_total, corrections_decided=h.corrections_decided,
        correction_turnaround_days=h.correction_turnaround_days, monitor_since=h.monitor_since,
        monitor_outcomes=h.monitor_outcomes,
        history=[{"day": p.day, "figures": _figures(p.figures), "open_flags": p.open_flags} for p in h.history],
    )

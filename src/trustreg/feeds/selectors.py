"""The events of the calendars: the whole registry's (split by question too; built on write by
``feeds.files``) and one offering's (per request).

Read through the registry's shared selectors; a fixed number of queries whatever the registry's
size (the catalogue, the offerings, the cells, one grouped count of revisions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.history import holder_key, offering_holders
from trustreg.feeds.calendar import CalendarEvent, CellStamp, cell_events
from trustreg.registry import selectors
from trustreg.registry.models import Offering, Revision


def _stamps(where: Q) -> dict[tuple[str, str], tuple[int, dt.datetime]]:
    rows = (Revision.objects.filter(where).values("holder", "dimension_id")
            .annotate(n=Count("id"), last=Max("published_at")).order_by())
    return {(r["holder"], r["dimension_id"]): (r["n"], r["last"]) for r in rows}


def _stamp(stamps: dict[tuple[str, str], tuple[int, dt.datetime]], o: Offering, cell: ResolvedCell,
           fallback: dt.datetime) -> CellStamp:
    """The cell's own revisions plus those of the party it would inherit from: both only grow, so
    the sequence never goes back, even when an override is added or removed."""
    found = [stamps[k] for k in ((holder_key("offering", o.id), cell.dimension.id),
                                 (holder_key("party", cell.graded_party_id), cell.dimension.id)) if k in stamps]
    if not found:
        return CellStamp(0, fallback)
    return CellStamp(max(sum(n for n, _ in found) - 1, 0), max(last for _, last in found))


def _page(o: Offering) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + reverse("site:offering", args=[o.id])


def _events(pairs: Iterable[tuple[Offering, ResolvedCell]], stamps: dict) -> list[CalendarEvent]:
    now = timezone.now()
    return [e for o, c in pairs for e in cell_events(
        offering_id=o.id, offering_name=o.name, cell=c, page_url=_page(o), stamp=_stamp(stamps, o, c, now))]


def _dimensions(cat: Catalogue) -> list[Dimension]:
    return list(cat.all_dimensions)


def registry_events() -> list[CalendarEvent]:
    cat = selectors.catalogue()
    party_cells, offering_cells, scopes = selectors.all_cells()
    offerings = list(selectors.listed_offerings().order_by("sort_order", "id"))
    pairs = [(o, c) for o in offerings for c in selectors.resolve_offering(
        o, cat, party_cells, offering_cells, scopes, _dimensions(cat))]
    return _events(pairs, _stamps(Q()))


def offering_events(offering_id: str) -> tuple[Offering, list[CalendarEvent]]:
    """Raises selectors.NotFound for an unknown offering."""
    view = selectors.offering_view(offering_id)
    o = view.offering
    holders = offering_holders(o.id, o.developer_id, o.platform_id)
    pairs = [(o, c) for c in view.cells + view.info_cells]
    return o, _events(pairs, _stamps(Q(holder__in=holders)))

"""Monitor history for the history target: the checks the monitor would record on an offering page's
sources, day by day (used by ``scale_worker.py`` and ``interleave.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

HISTORY_DAYS = 30  # the history target: the offering page after this many days of checks vs none


def add_monitor_history(source_ids: list[int], days: int) -> int:
    """``days`` daily quote checks (all found) of every citation of these sources, as the monitor
    records them, dated one day apart up to yesterday."""
    from django.db import transaction
    from django.utils import timezone

    from trustreg.evidence.models import Citation, Snapshot, Source
    from trustreg.evidence.services import quote_checks_record

    now = timezone.now()
    snaps = {s.pk: Snapshot.objects.create(source=s, taken_at=now - dt.timedelta(days=days), how="fetched",
                                           public=True, text="bench copy")
             for s in Source.objects.filter(pk__in=source_ids)}
    citations = list(Citation.objects.filter(source_id__in=source_ids).exclude(quote="").values_list("pk", "source_id"))
    for day in range(days, 0, -1):
        with transaction.atomic():
            quote_checks_record(checks=[(cid, snaps[sid], True) for cid, sid in citations],
                                now=now - dt.timedelta(days=day))
    return len(citations) * days


def page_sources(offering: Any) -> list[int]:
    """The sources an offering's page cites: its own cells' and its developer's and platform's."""
    from trustreg.evidence.models import Citation
    from trustreg.registry.models import Offering

    return sorted(set(Citation.objects.filter(cell__in=Offering.objects.get(pk=offering.id).cells.all())
                      .values_list("source_id", flat=True))
                  | set(Citation.objects.filter(cell__party_id__in=[offering.developer, offering.platform])
                        .values_list("source_id", flat=True)))

"""Replaying the history bundled with the data files (``domain.bundled_history``) as revisions.

A bundled revision is published at the start of its date (UTC) and credited as the file says. It
is added once: a revision of the same cell at the same instant with the same content counts as
already there, so a reload adds nothing. If, after the replay, the cell's latest revision does
not hold what the data file holds (a database loaded before its history was bundled, or changed
since), one more revision brings it up to date at load time, as a plain load would.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Max

from trustreg.domain.bundled_history import BundledRevision, History
from trustreg.domain.history import holder_key
from trustreg.registry.models import Revision

CellKey = tuple[str, str, str]


def published_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _fingerprint(holder: str, dim: str, at: dt.datetime, after: Any) -> tuple[str, str, dt.datetime, str]:
    return holder, dim, at, json.dumps(after, sort_keys=True, default=str)


class Replay:
    """What the database already holds of the bundled history (two queries for the whole load)."""

    def __init__(self, history: History):
        self.history = history
        holders = sorted({h for h, _ in history})
        instants = sorted({published_at(rev.date) for revs in history.values() for rev in revs})
        self.present: set[tuple[str, str, dt.datetime, str]] = set()
        self.latest: dict[tuple[str, str], dt.datetime] = {}
        if not holders:
            return
        for holder, dim, at, after in (Revision.objects.filter(holder__in=holders, published_at__in=instants)
                                       .values_list("holder", "dimension_id", "published_at", "after")):
            self.present.add(_fingerprint(holder, dim, at, after))
        for holder, dim, at in (Revision.objects.filter(holder__in=holders).order_by()
                                .values_list("holder", "dimension_id").annotate(at=Max("published_at"))
                                .values_list("holder", "dimension_id", "at")):
            self.latest[(holder, dim)] = at

    def revisions(self, key: CellKey, state_now: dict[str, Any] | None, make: Any) -> Iterable[Revision]:
        """The revisions to add for cell ``key``; ``state_now`` is what the database holds today.

        ``make(before, after, reason, kind, *, at, author_name, credit)`` builds one revision.
        """
        holder_kind, holder_id, dim = key
        holder = holder_key(holder_kind, holder_id)
        revs: tuple[BundledRevision, ...] = self.history[(holder, dim)]
        before: dict[str, Any] | None = None
        added_last: dt.datetime | None = None
        for rev in revs:
            at = published_at(rev.date)
            if _fingerprint(holder, dim, at, rev.data) not in self.present:
                yield make(before, rev.data, rev.reason, rev.kind, at=at, author_name=rev.by, credit=rev.credit)
                added_last = at
            before = rev.data
        desired = revs[-1].data
        existing_last = self.latest.get((holder, dim))
        # When the newest revision is one the database already had, it holds ``state_now``.
        newest_was_there = existing_last is not None and (added_last is None or existing_last >= added_last)
        if newest_was_there and state_now != desired:
            yield make(state_now, desired, None, None, at=None, author_name=None, credit="")

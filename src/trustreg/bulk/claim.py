"""Taking turns writing the bulk files: a lease on one database row, so that it works on SQLite too.

A builder first takes ``store.build_lock`` (a file lock on this host), then this claim: one
conditional UPDATE that succeeds only when the row is free or its lease has lapsed. Two builders
never write at once, on one host or on several sharing the database. A builder that died keeps the
claim until its lease lapses, except on its own host: a live builder there always holds the file
lock while it holds the claim, so a builder that got the file lock and finds the claim held by a
process of its own host knows that process is gone, and takes the claim over at once.
(``TRUSTREG_BULK_DIR`` should then be one folder per host, as it is by default.)
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from trustreg.bulk.models import BuildClaim

ROW = 1
POLL_SECONDS = 1.0


def holder_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[:100]


def _host(holder: str) -> str:
    return holder.rpartition("-")[0]


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TRUSTREG_BULK_LEASE_SECONDS)


def try_take(holder: str, *, now: dt.datetime | None = None) -> bool:
    """Take the claim for ``holder`` if it is free, lapsed, or held by a gone process of this host.
    Call while holding ``store.build_lock``."""
    now = now or timezone.now()
    BuildClaim.objects.get_or_create(pk=ROW)
    taken = {"holder": holder, "until": now + lease(), "last_started_at": now}
    rows = BuildClaim.objects.filter(pk=ROW)
    if rows.filter(Q(until__isnull=True) | Q(until__lt=now)).update(**taken):
        return True
    stale = rows.values_list("holder", flat=True).first() or ""
    if stale and stale != holder and _host(stale) == _host(holder):
        return bool(rows.filter(holder=stale).update(**taken))
    return False


def take(holder: str, *, wait: bool) -> bool:
    """``try_take``; with ``wait``, until it succeeds (at worst when the holder's lease lapses)."""
    while not try_take(holder):
        if not wait:
            return False
        time.sleep(POLL_SECONDS)
    return True


def give_back(holder: str, *, started: dt.datetime, outcome: str, registry_generation: int | None) -> None:
    now = timezone.now()
    BuildClaim.objects.filter(pk=ROW, holder=holder).update(
        holder="", until=None, last_finished_at=now, last_seconds=(now - started).total_seconds(),
        last_outcome=outcome[:200], last_registry_generation=registry_generation,
    )


def last() -> BuildClaim | None:
    return BuildClaim.objects.filter(pk=ROW).first()

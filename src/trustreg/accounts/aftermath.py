"""What follows a commit that changed what the public sees (cached pages expire, bulk files rebuild).

A service that changes published state calls :func:`published_changed` inside its transaction.
That bumps the public generation (one row, :class:`PublicGeneration`) in the same transaction, so
the new number becomes visible together with the change and never before it: a page rendered and
cached under a number shows at least what that number stands for (``trustreg.pagecache``).
The functions named in ``settings.TRUSTREG_AFTER_PUBLISH`` then run once after the outermost
commit (never for a rollback, and once however many services the transaction ran). They are named
in settings rather than imported here so that this bottom layer depends on nothing above it.
Failures are logged, never raised: the change is committed by then and stays so.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from trustreg.accounts.models import PublicGeneration

ROW = 1  # the one row of PublicGeneration


@dataclass(frozen=True)
class Generation:
    number: int
    changed_at: dt.datetime | None  # when it was last bumped (None: never)
    token: str = ""  # random, drawn at each bump (see PublicGeneration.token)


def published_changed() -> None:
    _bump()
    for path in getattr(settings, "TRUSTREG_AFTER_PUBLISH", ()):
        fn = import_string(path)
        if any(entry[1] is fn for entry in connection.run_on_commit):
            continue
        transaction.on_commit(fn, robust=True)


def _bump() -> None:
    # One UPDATE: on PostgreSQL it holds the row until the transaction ends, so two changing
    # transactions take their numbers in the order they commit.
    rows = PublicGeneration.objects.filter(pk=ROW)
    bump = {"number": F("number") + 1, "changed_at": timezone.now(), "token": secrets.token_hex(8)}
    if not rows.update(**bump):
        PublicGeneration.objects.get_or_create(pk=ROW)  # the migration's row was flushed (tests)
        rows.update(**bump)


def public_generation() -> Generation:
    """The current generation: one query."""
    row = PublicGeneration.objects.filter(pk=ROW).values_list("number", "changed_at", "token").first()
    return Generation(*row) if row else Generation(0, None)

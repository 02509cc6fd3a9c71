"""What follows a commit that changed what the public sees (the bulk files are rebuilt).

A service that changes published state calls :func:`published_changed` inside its transaction;
the functions named in ``settings.TRUSTREG_AFTER_PUBLISH`` then run once after the outermost
commit (never for a rollback, and once however many services the transaction ran). They are named
in settings rather than imported here so that this bottom layer depends on nothing above it.
Failures are logged, never raised: the change is committed by then and stays so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string


def published_changed() -> None:
    for path in getattr(settings, "TRUSTREG_AFTER_PUBLISH", ()):
        fn = import_string(path)
        if any(entry[1] is fn for entry in connection.run_on_commit):
            continue
        transaction.on_commit(fn, robust=True)

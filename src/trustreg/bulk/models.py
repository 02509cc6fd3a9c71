"""The one row through which processes take turns writing the bulk files (``trustreg.bulk.claim``)."""

from __future__ import annotations

from django.db import models


class BuildClaim(models.Model):
    """Who is writing the bulk files now (a lease), and how the last build ended.

    One row. A builder takes it with one conditional UPDATE (free or lapsed), which is atomic on
    SQLite and PostgreSQL alike, and gives it back when done; the ``last_*`` fields record each
    build for ``trustreg bulk status``."""

    holder = models.CharField(max_length=100, blank=True)  # "<host>-<pid>" while a build runs
    until = models.DateTimeField(null=True)  # the lease: free again after this, even if never given back
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_seconds = models.FloatField(null=True)  # wall time of the last build
    last_outcome = models.CharField(max_length=200, blank=True)
    last_registry_generation = models.BigIntegerField(null=True)

    class Meta:
        db_table = "bulk_buildclaim"

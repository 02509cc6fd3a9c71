"""When the monitor last ran its daily chores (the quote-check prune), so they run once a day however
many workers schedule."""

from __future__ import annotations

from django.db import models


class Chore(models.Model):
    """One row per chore: taken by one conditional UPDATE of ``last_started_at`` (``monitor.chores``)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_result = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "monitor_chore"

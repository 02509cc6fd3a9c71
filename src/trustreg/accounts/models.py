"""The audit trail's rows. The table keeps the name it had when it lived in the registry app."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what, when: written by every service in the same transaction as its change."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=80)
    target = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        db_table = "registry_auditevent"


class PublicGeneration(models.Model):
    """One row counting the commits that changed what the public sees (``aftermath``).

    Bumped inside the changing transaction, so a reader never sees the new number before the
    change itself: pages cached under a number (``trustreg.pagecache``) are never older than it."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)
    # Drawn afresh at every bump: a number a rolled-back transaction took is taken again by the
    # next change, and a page cached inside the rolled-back one must not pass for the new one.
    token = models.CharField(max_length=32, default="")

    class Meta:
        db_table = "accounts_publicgeneration"

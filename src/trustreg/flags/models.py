"""A flag: something for a person to look at, decided with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Flag(models.Model):
    """Something for a human to look at; resolved or dismissed by a person with a reason."""

    class Kind(models.TextChoices):
        EVIDENCE_EXPIRED = "evidence_expired", "evidence expired"
        QUOTE_MISSING = "quote_missing", "quote no longer on the page"
        SOURCE_CHANGED = "source_changed", "source changed"
        SOURCE_MOVED = "source_moved", "source moved"
        SOURCE_BLOCKED = "source_blocked", "source blocked"
        SOURCE_GONE = "source_gone", "source gone"
        FETCH_FAILED = "fetch_failed", "fetch failed"
        SECONDARY_ONLY = "secondary_only", "secondary-only evidence"
        CONFLICTING = "conflicting", "conflicting evidence"
        INCONSISTENT = "inconsistent", "inconsistent across offerings"
        CORRECTION = "correction", "correction submitted"
        CANDIDATE_CLAIM = "candidate_claim", "candidate claim from ingestion"
        REVIEW = "review", "open review question"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        RESOLVED = "resolved", "resolved"
        DISMISSED = "dismissed", "dismissed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # What raised it and about what; a flag with the same open key is not raised twice.
    key = models.CharField(max_length=300, db_index=True)
    offering = models.ForeignKey("registry.Offering", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="flags")
    party = models.ForeignKey("registry.Party", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="flags")
    dimension = models.ForeignKey("registry.Dimension", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="flags")
    source = models.ForeignKey("evidence.Source", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="flags")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    raised_by = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)  # health reads the newest
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(status="open"), name="one_open_flag_per_key"),
        ]
        # The table keeps the name it had when flags lived in the workbench app.
        db_table = "workbench_flag"

from __future__ import annotations

import uuid

from django.db import models


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class OutboxEvent(models.Model):
    """One event, written by the service that made the change, in its transaction.

    ``message_id`` is the Standard Webhooks ``webhook-id``: the same for every delivery and retry of
    the event, so a receiver can drop duplicates. ``dedupe_key`` makes an event that a periodic check
    finds (evidence expired on a date) recorded once however often the check runs.
    """

    class Type(models.TextChoices):
        CELL_PUBLISHED = "cell.published", "a cell's published change"
        CORRECTION_ACCEPTED = "correction.accepted", "a correction accepted"
        EVIDENCE_EXPIRED = "evidence.expired", "evidence expired"

    message_id = models.CharField(max_length=40, unique=True, default=new_message_id)
    type = models.CharField(max_length=40, choices=Type.choices)
    payload = models.JSONField()
    occurred_at = models.DateTimeField(db_index=True)
    dedupe_key = models.CharField(max_length=300, unique=True, null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["dispatched_at", "id"], name="outbox_undispatched_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.message_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models

from trustreg.outbox.models import OutboxEvent


class Subscription(models.Model):
    """A receiver of events. Its secret signs every payload; it is shown once, when created."""

    url = models.URLField(max_length=2048)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)  # OutboxEvent.Type values
    secret = models.CharField(max_length=100)  # "whsec_" + base64 of 32 random bytes
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    """One event for one subscription, with its attempts; retried with backoff until it succeeds,
    runs out of attempts, is refused (a private address) or its subscription is disabled."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SUCCEEDED = "succeeded", "delivered"
        FAILED = "failed", "failed (out of attempts)"
        REFUSED = "refused", "refused (address not allowed)"
        CANCELLED = "cancelled", "cancelled (subscription disabled)"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(OutboxEvent, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="one_delivery_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]


class DeliveryAttempt(models.Model):
    """The delivery log: every request sent (or refused before sending) and how it ended."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-id"]

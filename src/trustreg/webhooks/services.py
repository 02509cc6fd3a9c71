"""Subscriptions (admins, in the workbench) and deliveries (the worker): the one write path.

Fan-out: each event in the outbox goes to every subscription that was active and subscribed to its
type when the event was recorded. Delivery: one signed POST per attempt; a failure is retried with
exponential backoff up to ``max_attempts``; ``disable_after`` consecutive failed attempts (across
deliveries) disable the subscription and cancel what it still had pending. A refused address is
never retried.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.evidence.fetch import check_url
from trustreg.evidence.monitor import current_fetch_settings
from trustreg.outbox.models import OutboxEvent
from trustreg.webhooks.models import Delivery, DeliveryAttempt, Subscription
from trustreg.webhooks.send import post, signed_headers

EVENT_TYPES = tuple(OutboxEvent.Type.values)


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 8
    backoff_seconds: float = 30.0  # 30 s, 1 min, 2 min, ... doubling per attempt
    max_backoff_seconds: float = 6 * 3600.0
    disable_after: int = 10  # consecutive failed attempts

    def backoff(self, attempts: int) -> dt.timedelta:
        return dt.timedelta(seconds=min(self.backoff_seconds * 2 ** (attempts - 1), self.max_backoff_seconds))


def current_policy() -> Policy:
    values = dict(getattr(settings, "TRUSTREG_WEBHOOKS", {}))
    return Policy(**{k: v for k, v in values.items() if k in Policy.__dataclass_fields__})


class SubscriptionRefused(ValueError):
    """Why a subscription cannot be created, naming the field."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def subscription_create(*, actor: Actor, url: str, event_types: list[str], description: str = "") -> Subscription:
    """Check the URL with the guarded fetcher's rule before anything is stored (it is checked
    again at every delivery: DNS can change)."""
    url = url.strip()
    verdict = check_url(url, current_fetch_settings())
    if not verdict.allowed:
        raise SubscriptionRefused(f"url: {verdict.reason}")
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown or not event_types:
        raise SubscriptionRefused(f"event_types: choose from {', '.join(EVENT_TYPES)}"
                                  + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    with transaction.atomic():
        sub = Subscription.objects.create(
            url=url, description=description.strip()[:200], event_types=sorted(set(event_types)),
            secret=new_secret(), created_by=audit.actor_user(actor), created_at=timezone.now())
        audit.record(actor=actor, action="webhook.subscribe", target=f"webhook:{sub.pk}",
                     detail={"url": url, "event_types": sub.event_types})
    return sub


def subscription_disable(*, actor: Actor, subscription: Subscription, reason: str) -> Subscription:
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        sub.active, sub.disabled_at, sub.disabled_reason = False, timezone.now(), reason[:2000]
        sub.save(update_fields=["active", "disabled_at", "disabled_reason"])
        Delivery.objects.filter(subscription=sub, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED, next_attempt_at=None, finished_at=timezone.now())
        audit.record(actor=actor, action="webhook.disable", target=f"webhook:{sub.pk}", detail={"reason": reason})
    return sub


def subscription_enable(*, actor: Actor, subscription: Subscription) -> Subscription:
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().get(pk=subscription.pk)
        sub.active, sub.disabled_at, sub.disabled_reason, sub.consecutive_failures = True, None, "", 0
        sub.save(update_fields=["active", "disabled_at", "disabled_reason", "consecutive_failures"])
        audit.record(actor=actor, action="webhook.enable", target=f"webhook:{sub.pk}")
    return sub


def events_dispatch(*, limit: int = 1000) -> list[int]:
    """Fan undispatched events out into deliveries; returns the new deliveries' ids."""
    with transaction.atomic():
        events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                      .filter(dispatched_at__isnull=True).order_by("id")[:limit])
        if not events:
            return []
        subs = list(Subscription.objects.filter(active=True, created_at__lte=max(e.occurred_at for e in events)))
        now = timezone.now()
        new = [Delivery(subscription=s, event=e, created_at=now, next_attempt_at=now)
               for e in events for s in subs if e.type in s.event_types and s.created_at <= e.occurred_at]
        made = Delivery.objects.bulk_create(new, batch_size=500, ignore_conflicts=False)
        OutboxEvent.objects.filter(pk__in=[e.pk for e in events]).update(dispatched_at=now)
    return [d.pk for d in made]


def body_of(event: OutboxEvent) -> str:
    """The payload as sent: the Standard Webhooks envelope (type, timestamp, data)."""
    return json.dumps({"type": event.type, "timestamp": event.occurred_at.isoformat(), "data": event.payload},
                      sort_keys=True, separators=(",", ":"))


def delivery_attempt(*, delivery_id: int, policy: Policy | None = None) -> Delivery | None:
    """Send one attempt of a due, pending delivery (else do nothing and return None); record it,
    schedule the retry or settle the delivery, and disable the subscription after too many failures."""
    policy = policy or current_policy()
    with transaction.atomic():
        d = (Delivery.objects.select_for_update(skip_locked=True).select_related("subscription", "event")
             .filter(pk=delivery_id, status=Delivery.Status.PENDING).first())
        if d is None:
            return None
        sub = d.subscription
        if not sub.active:
            d.status, d.finished_at, d.next_attempt_at = Delivery.Status.CANCELLED, timezone.now(), None
            d.save()
            return d
        sent_at = timezone.now()
        body = body_of(d.event)
        result = post(sub.url, signed_headers(sub.secret, d.event.message_id, body, sent_at), body,
                      current_fetch_settings())
        now = timezone.now()
        d.attempts += 1
        d.last_status_code, d.last_reason = result.status_code, result.reason
        DeliveryAttempt.objects.create(delivery=d, number=d.attempts, at=sent_at, ok=result.ok,
                                       status_code=result.status_code, reason=result.reason)
        if result.ok:
            d.status, d.finished_at, d.next_attempt_at = Delivery.Status.SUCCEEDED, now, None
            sub.consecutive_failures = 0
        else:
            sub.consecutive_failures += 1
            if result.refused:
                d.status, d.finished_at, d.next_attempt_at = Delivery.Status.REFUSED, now, None
            elif d.attempts >= policy.max_attempts:
                d.status, d.finished_at, d.next_attempt_at = Delivery.Status.FAILED, now, None
            else:
                d.next_attempt_at = now + policy.backoff(d.attempts)
        d.save()
        sub.save(update_fields=["consecutive_failures"])
        if not result.ok and sub.consecutive_failures >= policy.disable_after:
            subscription_disable(actor="webhooks", subscription=sub, reason=(
                f"Disabled after {sub.consecutive_failures} consecutive failed deliveries; last: {result.reason}"))
            d.refresh_from_db()
    return d


def due_deliveries(now: dt.datetime | None = None, *, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])


def subscription_log(sub: Subscription, *, limit: int = 100) -> list[dict[str, Any]]:
    rows = (DeliveryAttempt.objects.filter(delivery__subscription=sub).select_related("delivery__event")
            .order_by("-id")[:limit])
    return [{"at": a.at, "number": a.number, "ok": a.ok, "status_code": a.status_code, "reason": a.reason,
             "event": a.delivery.event.type, "message_id": a.delivery.event.message_id,
             "delivery_status": a.delivery.get_status_display()} for a in rows]

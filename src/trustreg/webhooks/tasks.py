"""Background jobs (django-tasks, database backend), like the monitor's: fan-out, delivery with
retries (re-enqueued with run_after at the backoff time), and the daily expiry check."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from trustreg.webhooks import services
from trustreg.webhooks.models import Subscription

QUEUE = "webhooks"
EXPIRY_CHECK_EVERY = dt.timedelta(days=1)


def enqueue_dispatch() -> None:
    """The outbox's after-commit listener: queue the fan-out when anyone is subscribed."""
    if Subscription.objects.filter(active=True).exists():
        dispatch_job.enqueue()


@task(queue_name=QUEUE)
def dispatch_job() -> int:
    ids = services.events_dispatch()
    for pk in ids:
        deliver_job.enqueue(pk)
    return len(ids)


@task(queue_name=QUEUE)
def deliver_job(delivery_id: int) -> str:
    d = services.delivery_attempt(delivery_id=delivery_id)
    if d is None:
        return "not due"
    if d.next_attempt_at is not None and d.status == d.Status.PENDING:
        retry_at = d.next_attempt_at
        transaction.on_commit(lambda: deliver_job.using(run_after=retry_at).enqueue(delivery_id))
    return d.status


@task(queue_name=QUEUE)
def expiry_job() -> int:
    """Record evidence that expired, then run again a day later."""
    from trustreg.webhooks.expiry import expired_evidence_record

    found = expired_evidence_record(actor="webhooks", today=timezone.localdate())
    expiry_job.using(run_after=timezone.now() + EXPIRY_CHECK_EVERY).enqueue()
    return found


def run_due(now: dt.datetime | None = None) -> int:
    """Without a worker (``trustreg webhooks deliver``): dispatch, then every due attempt once."""
    services.events_dispatch()
    sent = 0
    for pk in services.due_deliveries(now):
        if services.delivery_attempt(delivery_id=pk) is not None:
            sent += 1
    return sent

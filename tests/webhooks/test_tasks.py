"""`trustreg webhooks worker`: the queued jobs fan out, deliver, and re-queue a retry at its backoff."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from tests.webhooks.test_services import publish, subscribe
from trustreg.webhooks import tasks
from trustreg.webhooks.models import Delivery

# The worker closes its connections between jobs, like the monitor's: a real transaction per test.
pytestmark = pytest.mark.django_db(transaction=True)


def drain() -> None:
    call_command("webhooks", "worker", "--batch", "--interval", "0", stdout=io.StringIO())


def test_the_worker_delivers_and_queues_the_retry_for_later(loaded, receiver, loopback_allowed) -> None:
    sub = subscribe(receiver.url)
    receiver.answers = [(503, {})]
    publish("queued")  # commits: the outbox queues the dispatch job
    assert DBTaskResult.objects.filter(queue_name=tasks.QUEUE, task_path__endswith="dispatch_job").exists()
    drain()
    assert len(receiver.received) == 1
    d = Delivery.objects.get(subscription=sub)
    assert d.status == Delivery.Status.PENDING and d.attempts == 1
    retry = DBTaskResult.objects.get(queue_name=tasks.QUEUE, task_path__endswith="deliver_job", status="READY")
    assert retry.run_after == d.next_attempt_at and retry.args_kwargs["args"] == [d.pk]
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)  # its time has come
    drain()
    d.refresh_from_db()
    assert d.status == Delivery.Status.SUCCEEDED and len(receiver.received) == 2
    Webhook(sub.secret).verify(receiver.received[1].body, receiver.received[1].headers)

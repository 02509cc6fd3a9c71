"""Signed deliveries to a real local receiver, verified with standardwebhooks' own Webhook.verify:
after commit, retried with backoff after a 500, refused for private addresses, and a subscription
disabled after repeated failure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from trustreg.domain.fieldtypes import replace
from trustreg.outbox.models import OutboxEvent
from trustreg.registry.models import Revision
from trustreg.registry.publish import Holder, cell_publish, current_record
from trustreg.webhooks import services, tasks
from trustreg.webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db

AZURE_SOC2 = (Holder("party", "microsoft-azure"), "soc2_type2")


def publish(note: str) -> Revision:
    """A real published change through the one write path: Azure's SOC 2 cell gains a note."""
    holder, dim = AZURE_SOC2
    record = current_record(holder, dim)
    return cell_publish(actor="test", holder=holder, dimension_id=dim, kind="editorial", reason=f"Note: {note}",
                        record=replace(record, notes=f"{record.notes} {note}"))


def subscribe(url: str, *types: str) -> Subscription:
    return services.subscription_create(actor="test", url=url, event_types=list(types or ["cell.published"]))


def verified(sub: Subscription, received) -> dict:  # noqa: ANN001
    return Webhook(sub.secret).verify(received.body, received.headers)


def test_a_published_change_is_delivered_after_commit_and_signed(
        loaded, receiver, loopback_allowed, django_capture_on_commit_callbacks) -> None:
    sub = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        revision = publish("first")
        assert OutboxEvent.objects.filter(type="cell.published", payload__revision=revision.pk).exists()
        assert not receiver.received, "nothing is sent before the change commits"
    assert after_commit, "the outbox queued the dispatch after commit"
    assert DBTaskResult.objects.filter(queue_name=tasks.QUEUE, task_path__endswith="dispatch_job").exists()

    assert tasks.run_due() == 1
    [got] = receiver.received
    payload = verified(sub, got)
    assert payload["type"] == "cell.published"
    assert payload["data"]["revision"] == revision.pk
    assert payload["data"]["question"] == AZURE_SOC2[1] and payload["data"]["holder"] == str(AZURE_SOC2[0])
    assert got.headers["webhook-id"] == OutboxEvent.objects.get(payload__revision=revision.pk).message_id
    with pytest.raises(WebhookVerificationError):
        Webhook(sub.secret).verify(got.body.replace(b"first", b"forged"), got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(services.new_secret()).verify(got.body, got.headers)
    d = Delivery.objects.get(subscription=sub)
    assert (d.status, d.attempts) == (Delivery.Status.SUCCEEDED, 1)
    assert [a["ok"] for a in services.subscription_log(sub)] == [True]


def test_a_rolled_back_change_records_no_event(loaded) -> None:
    before = OutboxEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish("never")
        raise RuntimeError("the change fails after publishing")
    assert OutboxEvent.objects.count() == before


def test_a_500_is_retried_after_the_backoff_and_then_delivered(loaded, receiver, loopback_allowed) -> None:
    sub = subscribe(receiver.url)
    receiver.answers = [(500, {})]
    publish("retry")
    policy = services.current_policy()
    assert tasks.run_due() == 1
    d = Delivery.objects.get(subscription=sub)
    first = d.attempt_log.get()
    assert (d.status, d.attempts, d.last_status_code) == (Delivery.Status.PENDING, 1, 500)
    assert d.next_attempt_at - first.at >= policy.backoff(1)
    assert tasks.run_due(now=first.at) == 0 and len(receiver.received) == 1, "not due before the backoff"
    assert tasks.run_due(now=d.next_attempt_at) == 1
    assert len(receiver.received) == 2
    assert verified(sub, receiver.received[1])["type"] == "cell.published"
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]
    d.refresh_from_db()
    assert (d.status, d.attempts) == (Delivery.Status.SUCCEEDED, 2)
    sub.refresh_from_db()
    assert sub.consecutive_failures == 0


def test_the_backoff_doubles_up_to_its_ceiling() -> None:
    p = services.Policy(backoff_seconds=30, max_backoff_seconds=200)
    assert [p.backoff(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 200, 200]


@pytest.mark.parametrize("url", ["http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data",
                                 "http://127.0.0.1:9/hook", "http://[::1]/hook", "ftp://example.org/x",
                                 "http://user:pw@example.org/"])
def test_a_subscription_to_a_private_address_is_refused(db, settings, url: str) -> None:
    settings.TRUSTREG_FETCH = {"allow_loopback": False}
    with pytest.raises(services.SubscriptionRefused, match="^url: "):
        subscribe(url)
    assert not Subscription.objects.exists()


def test_delivery_to_an_address_that_became_private_is_refused(loaded, receiver, loopback_allowed) -> None:
    sub = subscribe(receiver.url)
    loopback_allowed.TRUSTREG_FETCH = {"allow_loopback": False}  # as if its DNS now pointed inside
    publish("refused")
    tasks.run_due()
    assert not receiver.received
    d = Delivery.objects.get(subscription=sub)
    assert d.status == Delivery.Status.REFUSED and "refused" in d.last_reason and d.next_attempt_at is None


def test_a_redirect_is_never_followed(loaded, receiver, loopback_allowed) -> None:
    sub = subscribe(receiver.url)
    receiver.answers = [(307, {"Location": "http://10.0.0.7/internal"})]
    publish("redirect")
    tasks.run_due()
    assert len(receiver.received) == 1
    d = Delivery.objects.get(subscription=sub)
    assert d.status == Delivery.Status.PENDING and "redirects are not followed" in d.last_reason


def test_repeated_failure_disables_the_subscription(loaded, receiver, loopback_allowed) -> None:
    loopback_allowed.TRUSTREG_WEBHOOKS = {"disable_after": 3, "max_attempts": 10}
    sub = subscribe(receiver.url)
    receiver.answers = [(500, {})] * 10
    publish("failing")
    d = Delivery.objects.get(subscription=sub) if tasks.run_due() else None
    assert d is not None
    while Delivery.objects.get(pk=d.pk).status == Delivery.Status.PENDING:
        assert len(receiver.received) < 10, "never disabled"
        tasks.run_due(now=Delivery.objects.get(pk=d.pk).next_attempt_at)
    sub.refresh_from_db()
    assert len(receiver.received) == 3
    assert not sub.active and "3 consecutive failed deliveries" in sub.disabled_reason
    assert Delivery.objects.get(pk=d.pk).status == Delivery.Status.CANCELLED
    publish("after")
    tasks.run_due(now=dt.datetime.max.replace(tzinfo=dt.UTC))
    assert len(receiver.received) == 3 and Delivery.objects.filter(subscription=sub).count() == 1


def test_a_subscription_gets_only_the_event_types_it_chose(loaded, receiver, loopback_allowed) -> None:
    subscribe(receiver.url, "evidence.expired")
    publish("not for you")
    tasks.run_due()
    assert not receiver.received

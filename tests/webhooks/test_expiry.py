"""The daily check for expired evidence: one evidence.expired event per offering, question and expiry date."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from standardwebhooks import Webhook

from trustreg.accounts.models import AuditEvent
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.outbox.models import OutboxEvent
from trustreg.registry import selectors
from trustreg.webhooks import services, tasks
from trustreg.webhooks.expiry import expired_evidence_record
from trustreg.webhooks.models import Subscription

pytestmark = pytest.mark.django_db


def subscribe(url: str, *types: str) -> Subscription:
    return services.subscription_create(actor="test", url=url, event_types=list(types))


def verified(sub: Subscription, received) -> dict:  # noqa: ANN001
    return Webhook(sub.secret).verify(received.body, received.headers)


def dated_cells():
    cat = selectors.catalogue()
    party, own, scopes = selectors.all_cells()
    return [(o, c) for o in selectors.listed_offerings()
            for c in selectors.resolve_offering(o, cat, party, own, scopes, list(cat.all_dimensions))
            if c.is_graded and c.record.verified]


def test_expired_evidence_is_recorded_once_per_cell_and_expiry_date(loaded, receiver, loopback_allowed) -> None:
    cat = selectors.catalogue()
    party, own, scopes = selectors.all_cells()
    dated = [(o.id, c) for o in selectors.listed_offerings()
             for c in selectors.resolve_offering(o, cat, party, own, scopes, list(cat.all_dimensions))
             if c.is_graded and c.record.verified]
    # The day after the median expiry: some evidence has expired by then, some has not.
    expiries = sorted(expires_on(c.record.verified, c.dimension.freshness_days) for _, c in dated)
    today = expiries[len(expiries) // 2] + dt.timedelta(days=1)
    want = {(o, c.dimension.id) for o, c in dated
            if is_expired(c.record.verified, c.dimension.freshness_days, today)}
    assert want and len(want) < len(dated)
    sub = subscribe(receiver.url, "evidence.expired")
    assert expired_evidence_record(actor="test", today=today) == len(want)
    assert expired_evidence_record(actor="test", today=today) == 0
    got = {(e.payload["offering"], e.payload["question"]) for e in OutboxEvent.objects.filter(type="evidence.expired")}
    assert got == want
    tasks.run_due()
    assert len(receiver.received) == len(want)
    first = json.loads(receiver.received[0].body)
    assert verified(sub, receiver.received[0])["data"] == first["data"]


def test_each_event_says_which_cell_expired_when_and_where_to_see_it(loaded, settings) -> None:
    settings.SITE_BASE_URL = "https://registry.example/"
    o, c = dated_cells()[0]
    expires = expires_on(c.record.verified, c.dimension.freshness_days)
    expired_evidence_record(actor="test", today=expires + dt.timedelta(days=1))
    event = OutboxEvent.objects.get(type="evidence.expired", payload__offering=o.id, payload__question=c.dimension.id)
    assert event.payload == {
        "offering": o.id, "offering_name": o.name, "question": c.dimension.id, "question_label": c.dimension.label,
        "grade": c.grade, "verified": c.record.verified.isoformat(), "expires": expires.isoformat(),
        "freshness_days": c.dimension.freshness_days,
        "url": f"https://registry.example/offerings/{o.id}/#{c.dimension.id}",
    }


def test_nothing_expires_on_the_day_evidence_expires_only_the_day_after(loaded) -> None:
    o, c = dated_cells()[0]
    expires = expires_on(c.record.verified, c.dimension.freshness_days)
    expired_evidence_record(actor="test", today=expires)
    assert not OutboxEvent.objects.filter(payload__offering=o.id, payload__question=c.dimension.id).exists()
    expired_evidence_record(actor="test", today=expires + dt.timedelta(days=1))
    assert OutboxEvent.objects.filter(payload__offering=o.id, payload__question=c.dimension.id).count() == 1


def test_every_check_is_audited_with_how_many_expired_and_how_many_were_new(loaded) -> None:
    earliest = min(c.record.verified for _, c in dated_cells())
    assert expired_evidence_record(actor="test", today=earliest) == 0
    far = dt.date(2999, 1, 1)
    first = expired_evidence_record(actor="test", today=far)
    again = expired_evidence_record(actor="test", today=far)
    audits = [a.detail for a in AuditEvent.objects.filter(action="webhook.expiry_check").order_by("pk")]
    assert audits == [{"expired": 0, "new": 0}, {"expired": first, "new": first}, {"expired": first, "new": again}]
    assert first == len(dated_cells()) and again == 0

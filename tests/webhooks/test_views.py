"""Subscriptions in the workbench: admins only, CSRF on every write, the secret shown once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from tests.workbench.conftest import make_user
from trustreg.accounts.models import AuditEvent
from trustreg.evidence.fetch import FetchSettings, check_url
from trustreg.webhooks.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # noqa: ANN001, ANN201
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(*roles: str, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(make_user("-".join(roles) or "none", *roles))
    return client


def test_only_admins_see_the_webhooks(client: Client) -> None:
    assert client.get("/workbench/webhooks/").status_code == 302  # to the login page
    for role in ("editor", "reviewer"):
        assert signed_in(role).get("/workbench/webhooks/").status_code == 403
    assert signed_in("admin").get("/workbench/webhooks/").status_code == 200


def test_creating_a_subscription_shows_its_secret_once(loopback_allowed, receiver) -> None:
    admin = signed_in("admin")
    r = admin.post("/workbench/webhooks/", {"url": receiver.url, "event_types": ["cell.published",
                                                                                   "correction.accepted"]})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    sub = Subscription.objects.get()
    assert sub.secret.startswith("whsec_") and sub.secret.encode() in r.content
    assert sub.event_types == ["cell.published", "correction.accepted"]
    detail = admin.get(f"/workbench/webhooks/{sub.pk}/")
    assert detail.status_code == 200 and sub.secret.encode() not in detail.content
    assert sub.secret.encode() not in admin.get("/workbench/webhooks/").content
    assert AuditEvent.objects.filter(action="webhook.subscribe", target=f"webhook:{sub.pk}").exists()


def test_a_private_address_is_refused_with_the_reason(settings) -> None:
    settings.TRUSTREG_FETCH = {"allow_loopback": False}
    url = "http://10.1.2.3/hook"
    r = signed_in("admin").post("/workbench/webhooks/", {"url": url, "event_types": ["cell.published"]})
    assert r.status_code == 400
    assert escape(check_url(url, FetchSettings()).reason).encode() in r.content
    assert not Subscription.objects.exists()


def test_writes_need_the_csrf_token(loopback_allowed, receiver) -> None:
    admin = signed_in("admin", csrf=True)
    r = admin.post("/workbench/webhooks/", {"url": receiver.url, "event_types": ["cell.published"]})
    assert r.status_code == 403 and not Subscription.objects.exists()


def test_an_admin_disables_and_enables_a_subscription(loopback_allowed, receiver) -> None:
    admin = signed_in("admin")
    admin.post("/workbench/webhooks/", {"url": receiver.url, "event_types": ["cell.published"]})
    sub = Subscription.objects.get()
    assert admin.get(f"/workbench/webhooks/{sub.pk}/disable/").status_code == 405
    admin.post(f"/workbench/webhooks/{sub.pk}/disable/", {"reason": "Receiver moved"})
    sub.refresh_from_db()
    assert not sub.active and sub.disabled_reason == "Receiver moved"
    admin.post(f"/workbench/webhooks/{sub.pk}/enable/")
    sub.refresh_from_db()
    assert sub.active and sub.consecutive_failures == 0
    assert signed_in("reviewer").post(f"/workbench/webhooks/{sub.pk}/disable/").status_code == 403

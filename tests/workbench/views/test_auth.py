"""Signing in and out: audited once each; repeated failures lock the account, even spread over addresses."""

import pytest
from django.test import Client

from trustreg.accounts.models import AuditEvent

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_out_is_audited_once(editor, client):
    client.post("/accounts/login/", {"username": "edna", "password": PASSWORD})
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=editor).count() == 1
    client.post("/accounts/logout/")  # signed out already: nothing to record
    assert AuditEvent.objects.filter(action="auth.logout").count() == 1


def test_signing_in_is_audited_and_repeated_failures_lock_the_account(editor, client):
    assert client.post("/accounts/login/", {"username": "edna", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.login", actor=editor).exists()
    client.logout()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "edna", "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    locked = client.post(
        "/accounts/login/", {"username": "edna", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert locked.status_code == 429 and b"Too many failed sign-ins" in locked.content


def test_failures_spread_over_many_addresses_still_lock_the_username(editor, reviewer):
    # Password spraying: one guess per address, many addresses, one login name.
    for n in range(5):
        Client().post("/accounts/login/", {"username": "edna", "password": f"guess {n}"},
                      REMOTE_ADDR=f"198.51.100.{n + 1}")
    fresh = Client().post("/accounts/login/", {"username": "edna", "password": PASSWORD},
                          REMOTE_ADDR="203.0.113.50")
    assert fresh.status_code == 429
    # Another account from those addresses is not caught by edna's lockout.
    other = Client().post("/accounts/login/", {"username": "rita", "password": PASSWORD},
                          REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302

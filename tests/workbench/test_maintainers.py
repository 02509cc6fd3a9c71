import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from trustreg.accounts.models import AuditEvent
from trustreg.accounts.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def test_a_maintainer_gets_exactly_the_role_asked_for_and_an_audit_row(monkeypatch):
    monkeypatch.setenv("TRUSTREG_PASSWORD", "a long enough passphrase 42")
    call_command("maintainer", "add", "rita", "--role", "reviewer")
    call_command("maintainer", "add", "rita", "--role", "editor")
    rita = get_user_model().objects.get(username="rita")
    assert roles_of(rita) == {Role.EDITOR}
    assert rita.check_password("a long enough passphrase 42")
    assert AuditEvent.objects.filter(action="maintainer.add", target="rita").count() == 2


def test_a_weak_password_is_refused_and_no_account_is_made(monkeypatch):
    monkeypatch.setenv("TRUSTREG_PASSWORD", "short")
    with pytest.raises(CommandError, match="password:"):
        call_command("maintainer", "add", "weak", "--role", "editor")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_a_display_name_is_kept_for_the_public_and_may_not_be_the_login_name(monkeypatch):
    monkeypatch.setenv("TRUSTREG_PASSWORD", "a long enough passphrase 42")
    call_command("maintainer", "add", "rita", "--role", "reviewer", "--display-name", "  Rita   Quinn ")
    assert get_user_model().objects.get(username="rita").get_full_name() == "Rita Quinn"
    with pytest.raises(CommandError, match="display name: must differ from the login name"):
        call_command("maintainer", "add", "sam", "--role", "editor", "--display-name", "SAM")
    assert not get_user_model().objects.filter(username="sam").exists()

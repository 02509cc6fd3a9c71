import pytest
from django.core.management import call_command

from trustreg.accounts.models import AuditEvent
from trustreg.flags.models import Flag

pytestmark = pytest.mark.django_db


def test_checks_run_raises_flags_once_and_says_how_many(registry, capsys):
    call_command("checks", "run")
    first = capsys.readouterr().out
    opened = Flag.objects.filter(status="open").count()
    call_command("checks", "run")
    again = capsys.readouterr().out
    assert opened > 0 and f"{opened} flag(s) raised" in first
    assert f"0 flag(s) raised, {opened} already open" in again
    assert Flag.objects.filter(status="open").count() == opened
    assert AuditEvent.objects.filter(action="checks.run", actor_name="cli").count() == 2


@pytest.mark.parametrize(("role", "phrase"), [("admin", "is an admin"), ("editor", "is an editor"),
                                              ("reviewer", "is a reviewer")])
def test_maintainer_add_says_a_or_an_as_english_does(role, phrase, capsys, monkeypatch):
    monkeypatch.setenv("TRUSTREG_PASSWORD", "a long enough passphrase 42")
    call_command("maintainer", "add", "rita", "--role", role)
    assert f"rita {phrase} (sign in" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["closed input", "empty --password-stdin", "end of input at the prompt"])
def test_maintainer_add_with_no_password_given_says_so_and_creates_nobody(how, monkeypatch):
    import getpass
    import io
    import sys

    from django.contrib.auth.models import User
    from django.core.management.base import CommandError

    monkeypatch.delenv("TRUSTREG_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["maintainer", "add", "rita", "--role", "editor"]
    if how == "empty --password-stdin":
        args.append("--password-stdin")
    if how == "end of input at the prompt":  # a terminal whose input ends (Ctrl-D)
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True)

        def end_of_input(prompt: str = "") -> str:
            raise EOFError

        monkeypatch.setattr(getpass, "getpass", end_of_input)
    with pytest.raises(CommandError, match="no password given") as exc:
        call_command(*args)
    assert exc.value.returncode == 1 and not User.objects.filter(username="rita").exists()

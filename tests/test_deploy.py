"""Production settings: no start on the committed key, secure defaults, a clean deploy check."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from trustreg.deploy import (
    DEV_SECRET_KEY,
    ProductionRefused,
    SettingRefused,
    env_int,
    production_secret_key,
    proxy_warning,
    renamed_settings_problem,
)

ROOT = Path(__file__).resolve().parents[1]
REAL_KEY = secrets.token_urlsafe(64)


def trustreg(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTREG_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "-m", "trustreg.cli", *args], capture_output=True, text=True,
                          timeout=120, env={**clean, **env}, cwd=ROOT)


@pytest.mark.parametrize("key", [None, "", DEV_SECRET_KEY, "short-key", "a" * 80])
def test_production_refuses_a_missing_committed_or_weak_key(key):
    with pytest.raises(ProductionRefused, match="Refusing to start with TRUSTREG_HTTPS=1: TRUSTREG_SECRET_KEY"):
        production_secret_key(True, key)


def test_development_runs_on_the_dev_key_and_production_on_its_own():
    assert production_secret_key(False, None) == DEV_SECRET_KEY
    assert production_secret_key(True, REAL_KEY) == REAL_KEY


def test_the_proxy_warning_is_only_for_https_without_a_trusted_proxy():
    assert "share ONE correction rate limit" in (proxy_warning(True, 0) or "")
    assert proxy_warning(True, 1) is None and proxy_warning(False, 0) is None


@pytest.mark.parametrize("key", [None, DEV_SECRET_KEY])
def test_the_command_line_will_not_start_in_production_without_a_real_key(key):
    env = {"TRUSTREG_HTTPS": "1"} | ({"TRUSTREG_SECRET_KEY": key} if key else {})
    result = trustreg("django-check", **env)
    assert result.returncode == 2
    assert result.stderr.startswith("Refusing to start with TRUSTREG_HTTPS=1: TRUSTREG_SECRET_KEY")
    assert "Traceback" not in result.stderr


def production_env(**extra: str) -> dict[str, str]:
    """The production settings the README documents."""
    return {"TRUSTREG_HTTPS": "1", "TRUSTREG_SECRET_KEY": REAL_KEY,
            "TRUSTREG_ALLOWED_HOSTS": "registry.example.org", "TRUSTREG_TRUSTED_PROXIES": "1", **extra}


def documented_deploy_warnings() -> set[str]:
    text = (ROOT / "docs" / "security.md").read_text()
    section = text.split("## Production settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(security\.W\d+)`", section))


def test_the_deploy_check_leaves_only_the_warnings_the_docs_list_with_their_reason():
    result = trustreg("django-check", "--deploy", **production_env())
    assert result.returncode == 0, result.stderr
    left = set(re.findall(r"\((\w+\.[WE]\d+)\)", result.stdout + result.stderr))
    assert left == documented_deploy_warnings() == {"security.W005", "security.W021"}


def test_the_deploy_check_is_clean_when_the_domain_owner_opts_into_subdomains_and_preload():
    result = trustreg("django-check", "--deploy",
                      **production_env(TRUSTREG_HSTS_SUBDOMAINS="1", TRUSTREG_HSTS_PRELOAD="1"))
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr


def test_https_without_a_trusted_proxy_count_warns_loudly():
    result = trustreg("django-check", **production_env(TRUSTREG_TRUSTED_PROXIES="0"))
    assert "(trustreg.W001) TRUSTREG_HTTPS=1 but TRUSTREG_TRUSTED_PROXIES=0" in result.stderr + result.stdout


def test_production_cookies_are_secure_and_plain_http_redirects():
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTREG_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**clean, **production_env(), "DJANGO_SETTINGS_MODULE": "trustreg.settings"})
    assert out.stdout.split() == ["True", "True", "True", "31536000"], out.stderr


@pytest.mark.parametrize(("raw", "reason"), [
    ("ten", "not a whole number"), ("1.5", "not a whole number"), ("٣", "not a whole number"),
    ("9" * 13, "not a whole number"), ("-1", "must be at least 0"), ("0", "must be at least 1"),
])
def test_an_integer_setting_that_cannot_be_used_is_refused_naming_the_variable(raw, reason):
    minimum = 1 if raw == "0" else 0
    with pytest.raises(SettingRefused, match=rf"^TRUSTREG_X=.*: {reason}$"):
        env_int({"TRUSTREG_X": raw}, "TRUSTREG_X", 5, minimum=minimum)


def test_an_integer_setting_unset_or_blank_takes_its_default_and_a_number_is_read():
    assert env_int({}, "TRUSTREG_X", 5) == 5
    assert env_int({"TRUSTREG_X": " "}, "TRUSTREG_X", 5) == 5
    assert env_int({"TRUSTREG_X": " 42 "}, "TRUSTREG_X", 5) == 42


def test_the_renamed_page_cache_setting_is_refused_with_its_new_name():
    assert renamed_settings_problem({}) is None
    problem = renamed_settings_problem({"TRUSTREG_PAGE_CACHE_ENTRIES": "500"})
    assert problem is not None and "TRUSTREG_PAGE_CACHE_PAGES" in problem


@pytest.mark.parametrize(("env", "named"), [
    ({"TRUSTREG_PAGE_CACHE_ENTRIES": "500"}, "TRUSTREG_PAGE_CACHE_ENTRIES was renamed"),
    ({"TRUSTREG_PAGE_CACHE_PAGES": "lots"}, "TRUSTREG_PAGE_CACHE_PAGES='lots': not a whole number"),
])
def test_the_command_line_will_not_start_on_a_setting_it_cannot_use(env, named):
    result = trustreg("django-check", **env)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr

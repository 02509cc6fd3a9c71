"""Production safety rules, read by the settings before Django starts (so no Django imports here).

With ``TRUSTREG_HTTPS=1`` the site is in production: it refuses to start on the development key
(which is committed in this repository, and which also keys the stored hashes of correction
senders' addresses), and it says loudly when no trusted proxy is configured.
"""

from __future__ import annotations

from collections.abc import Mapping

# Good for a developer's machine only; production refuses it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-" + "0" * 20

# Django's own bar for a secret key (its security.W009 check): long and not repetitive.
MIN_KEY_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5

PROXY_WARNING_ID = "trustreg.W001"


class ProductionRefused(Exception):
    """The production settings are unsafe; the message says which and how to fix it."""


def secret_key_problem(key: str | None) -> str | None:
    """Why ``key`` cannot be used in production, or None when it can."""
    if not key:
        return "TRUSTREG_SECRET_KEY is not set"
    if key == DEV_SECRET_KEY or key.startswith("dev-only-insecure-key"):
        return "TRUSTREG_SECRET_KEY is the development key committed in the repository"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return (f"TRUSTREG_SECRET_KEY is too weak (at least {MIN_KEY_LENGTH} characters, "
                f"{MIN_UNIQUE_CHARACTERS} different ones)")
    return None


def production_secret_key(https: bool, key: str | None) -> str:
    """The key to run with: the environment's, checked when ``https`` is on; else the dev key."""
    if https:
        problem = secret_key_problem(key)
        if problem:
            raise ProductionRefused(
                f"Refusing to start with TRUSTREG_HTTPS=1: {problem}. It signs sessions and keys the "
                "stored hashes of correction senders' addresses. Generate one with: python -c "
                "'import secrets; print(secrets.token_urlsafe(64))'"
            )
    return key or DEV_SECRET_KEY


class SettingRefused(ValueError):
    """An environment variable holds what the settings cannot use; the message names it and why."""


# Settings renamed with a change of meaning: a deployment still setting the old name would
# otherwise be ignored in silence.
RENAMED = {
    "TRUSTREG_PAGE_CACHE_ENTRIES": "TRUSTREG_PAGE_CACHE_PAGES (now counted in pages: a page's "
    "compressed twins no longer count against the limit)",
}


def env_int(environ: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    """The integer ``name`` holds (``default`` when unset), refused with a clear reason when it is not
    a whole number of at least ``minimum``."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        raise SettingRefused(f"{name}={raw[:40]!r}: not a whole number")
    value = int(text)
    if value < minimum:
        raise SettingRefused(f"{name}={value}: must be at least {minimum}")
    return value


def renamed_settings_problem(environ: Mapping[str, str]) -> str | None:
    """Why the environment cannot be used because it sets a renamed variable, or None."""
    for old, new in RENAMED.items():
        if old in environ:
            return f"{old} was renamed: set {new} instead"
    return None


def proxy_warning(https: bool, trusted_proxies: int) -> str | None:
    """The warning for HTTPS without a trusted proxy count, or None."""
    if https and trusted_proxies <= 0:
        return (
            "TRUSTREG_HTTPS=1 but TRUSTREG_TRUSTED_PROXIES=0: behind a reverse proxy every visitor "
            "has the proxy's address, so all of them share ONE correction rate limit and ONE sign-in "
            "lockout. Set TRUSTREG_TRUSTED_PROXIES to the number of proxies in front of the app "
            "(usually 1). Ignore this only if clients connect to the app directly."
        )
    return None

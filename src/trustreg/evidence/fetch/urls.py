"""Which URLs the fetcher will even consider (before any address is looked at)."""

from __future__ import annotations

import httpx

MAX_URL_LENGTH = 2048
ALLOWED_SCHEMES = ("http", "https")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched as written, or None."""
    if not isinstance(url, str) or not url.strip():
        return "the URL is empty"
    if len(url) > MAX_URL_LENGTH:
        return f"the URL is longer than {MAX_URL_LENGTH} characters"
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        return f"the URL cannot be parsed: {exc}"
    if parsed.scheme not in ALLOWED_SCHEMES:
        return f"scheme {parsed.scheme or '(none)'!r} is not allowed (only http and https)"
    if not parsed.host:
        return "the URL has no host"
    if parsed.userinfo:
        return "credentials in the URL are not allowed"
    return None


def host_key(url: str) -> str:
    """scheme://host:port, the unit for robots.txt and the per-host delay."""
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    return f"{parsed.scheme}://{host}:{port}"

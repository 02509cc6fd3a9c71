"""Would the fetcher fetch this URL? The same checks as a real fetch, without sending a request."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from .settings import FetchSettings
from .transport import AddressRefused, DnsFailure, Resolver, check_addresses, resolve, system_resolver
from .urls import url_problem


@dataclass(frozen=True)
class UrlVerdict:
    url: str
    allowed: bool
    reason: str
    addresses: tuple[str, ...] = ()


def check_url(
    url: str, settings: FetchSettings | None = None, *, resolver: Resolver = system_resolver
) -> UrlVerdict:
    s = settings or FetchSettings()
    problem = url_problem(url)
    if problem:
        return UrlVerdict(url, False, problem)
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = resolve(parsed.host, port, resolver, s.dns_timeout)
    except DnsFailure as exc:
        return UrlVerdict(url, False, str(exc))
    try:
        check_addresses(parsed.host, addresses, allow_loopback=s.allow_loopback)
    except AddressRefused as exc:
        return UrlVerdict(url, False, str(exc), tuple(addresses))
    return UrlVerdict(url, True, f"{parsed.host} resolves only to public addresses", tuple(addresses))

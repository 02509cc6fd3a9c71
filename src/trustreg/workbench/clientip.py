"""The client's address: one definition for the login lockout (django-axes) and the rate limits.

Behind a reverse proxy set TRUSTREG_TRUSTED_PROXIES to the number of proxies in front of the app;
the address is then taken that many hops from the right of X-Forwarded-For (the part the client
cannot forge). Without it, REMOTE_ADDR is used and X-Forwarded-For is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address, or None when there is none (django-axes stores None; "unknown" breaks PostgreSQL)."""
    proxies = int(getattr(settings, "TRUSTREG_TRUSTED_PROXIES", 0))
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def address_key(ip: str | None) -> str:
    """A keyed hash of the address (IPv6 by its /64: one host holds a whole /64) for rate limits."""
    ip = ip or "unknown"  # every request without an address shares one budget
    try:
        addr = ipaddress.ip_address(ip)
        if addr.version == 6:
            mapped = addr.ipv4_mapped  # type: ignore[union-attr]
            ip = str(mapped) if mapped else str(ipaddress.ip_network(f"{addr}/64", strict=False))
    except ValueError:
        pass
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()

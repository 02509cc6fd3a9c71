"""The address rule: which IP addresses the monitor may connect to.

Python 3.11's `ipaddress` flags are not enough on their own: `is_private` is False for
100.64.0.0/10 (carrier-grade NAT, where one cloud's metadata service lives) and `is_global` is
True for NAT64 (64:ff9b::/96, which reaches any IPv4 address through a translator) and for
192.0.0.8. So the rule unwraps or refuses every tunnelling form first, refuses named ranges with a
reason a person can read, and only then requires `is_global`.
"""

from __future__ import annotations

import ipaddress
from typing import TypeAlias

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata endpoints. Most fall in ranges refused anyway; they are named here so the reason
# says "metadata" and so the public-looking ones (Azure's 168.63.129.16) are refused at all.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure wire server (a public address)
        "192.0.0.192",  # Oracle Cloud (classic)
        "fd00:ec2::254",  # AWS IPv6 metadata
    )
)

_NAMED_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), why)
    for net, why in (
        ("0.0.0.0/8", "'this network' (unspecified)"),
        ("10.0.0.0/8", "private (10.0.0.0/8)"),
        ("100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private (172.16.0.0/12)"),
        ("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private (192.168.0.0/16)"),
        ("198.18.0.0/15", "benchmarking (198.18.0.0/15)"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved (240.0.0.0/4)"),
    )
)

_NAMED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), why)
    for net, why in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible (deprecated)"),
        ("64:ff9b::/96", "NAT64 (64:ff9b::/96)"),
        ("64:ff9b:1::/48", "local NAT64 (64:ff9b:1::/48)"),
        ("100::/64", "discard-only (100::/64)"),
        ("2001::/32", "Teredo tunnel (2001::/32)"),
        ("2001:db8::/32", "documentation (2001:db8::/32)"),
        ("2002::/16", "6to4 tunnel (2002::/16)"),
        ("fc00::/7", "unique local (fc00::/7)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local (deprecated)"),
        ("ff00::/8", "multicast"),
    )
)

_LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.ip_network("::1/128")


def parse_address(text: str) -> IPAddress:
    """Parse an address as the resolver returns it (an IPv6 zone id such as `%eth0` is dropped)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def _unwrap(ip: IPAddress) -> IPAddress:
    """IPv4-mapped (::ffff:a.b.c.d) addresses are the IPv4 address: judge them as such."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_loopback(ip: IPAddress) -> bool:
    ip = _unwrap(ip)
    return ip in _LOOPBACK_V4 if isinstance(ip, ipaddress.IPv4Address) else ip in _LOOPBACK_V6


def refusal_reason(address: IPAddress | str, *, allow_loopback: bool = False) -> str | None:
    """Why the monitor must not connect to `address`, or None when it may.

    `allow_loopback` exists for the test suite and local benchmarks only (off by default): it
    lets 127.0.0.0/8 and ::1 through and nothing else.
    """
    try:
        original = parse_address(address) if isinstance(address, str) else address
    except ValueError:
        return f"{address!r} is not an IP address"
    ip = _unwrap(original)
    shown = str(original) if ip == original else f"{original} (IPv4-mapped {ip})"
    if ip in METADATA_ADDRESSES:
        return f"{shown} is a cloud metadata address"
    if is_loopback(ip):
        return None if allow_loopback else f"{shown} is loopback"
    named = _NAMED_V4 if isinstance(ip, ipaddress.IPv4Address) else _NAMED_V6
    for network, why in named:
        if ip in network:
            return f"{shown} is {why}"
    # Catch-alls for anything the tables above do not name.
    for flag in ("is_link_local", "is_multicast", "is_reserved", "is_unspecified", "is_private"):
        if getattr(ip, flag):
            return f"{shown} is {flag.removeprefix('is_').replace('_', '-')}"
    if not ip.is_global:
        return f"{shown} is not a globally routable address"
    return None


def is_fetchable(address: IPAddress | str, *, allow_loopback: bool = False) -> bool:
    return refusal_reason(address, allow_loopback=allow_loopback) is None

"""Knobs of the guarded fetcher. Plain data: the Django layer builds one from settings."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "TrustRegistryBot/0.1 (evidence monitor; re-checks cited sources)"
ROBOTS_TOKEN = "TrustRegistryBot"  # noqa: S105 (a robots.txt user-agent token)


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    robots_token: str = ROBOTS_TOKEN
    max_bytes: int = 20_000_000  # decoded body; a 5 GB page is cut off at this
    total_timeout: float = 30.0  # the whole fetch, redirects included (a page that never finishes)
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    dns_timeout: float = 5.0
    max_redirects: int = 5
    per_host_delay: float = 1.0  # seconds between two requests to one host
    respect_robots: bool = True
    robots_ttl: float = 24 * 3600.0
    robots_max_bytes: int = 512_000
    max_connections: int = 32
    # For the test suite and local benchmarks only: lets 127.0.0.0/8 and ::1 through.
    allow_loopback: bool = False

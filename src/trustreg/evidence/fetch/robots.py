"""robots.txt, fetched through the guarded fetcher and cached per host (RFC 9309 semantics)."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass

from .outcomes import FetchResult, Outcome

# A failure to reach the site at all is reported as that failure, not as a robots verdict.
NETWORK_FAILURES = frozenset(
    {
        Outcome.REFUSED_ADDRESS,
        Outcome.DNS_FAILURE,
        Outcome.TLS_FAILURE,
        Outcome.TIMEOUT,
        Outcome.CONNECTION_FAILED,
        Outcome.PROTOCOL_ERROR,
        Outcome.REFUSED_URL,
    }
)
SHORT_TTL = 600.0


@dataclass
class RobotsRules:
    parser: urllib.robotparser.RobotFileParser | None  # None: no rules (allow all)
    disallow_all_reason: str | None  # set when the site must be treated as fully disallowed
    failure: FetchResult | None  # set when robots.txt could not be reached at all
    expires: float

    def verdict(self, url: str, token: str) -> str | None:
        """Why `url` may not be fetched, or None."""
        if self.disallow_all_reason:
            return self.disallow_all_reason
        if self.parser is not None and not self.parser.can_fetch(token, url):
            return f"robots.txt disallows {url} for {token}"
        return None

    def crawl_delay(self, token: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(token)
        return min(float(delay), 60.0) if delay is not None else None


def rules_from(result: FetchResult, *, ttl: float) -> RobotsRules:
    now = time.monotonic()
    if result.outcome in NETWORK_FAILURES:
        return RobotsRules(None, None, result, now + SHORT_TTL)
    if result.ok and result.body is not None:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
        return RobotsRules(parser, None, None, now + ttl)
    status = result.status_code or 0
    if 400 <= status < 500 or result.outcome in (Outcome.NOT_TEXT, Outcome.TOO_LARGE):
        # RFC 9309 2.3.1.3: "unavailable" robots.txt means no restrictions.
        return RobotsRules(None, None, None, now + ttl)
    # 5xx and the like: "unreachable", so the whole site counts as disallowed for now.
    why = f"robots.txt is unreachable ({result.reason}); the site is treated as disallowed"
    return RobotsRules(None, why, None, now + SHORT_TTL)


class RobotsCache:
    def __init__(self, load: Callable[[str], FetchResult], *, ttl: float) -> None:
        self._load = load
        self._ttl = ttl
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, host_key: str) -> RobotsRules:
        cached = self._rules.get(host_key)
        if cached is not None and cached.expires > time.monotonic():
            return cached
        with self._guard:
            lock = self._locks.setdefault(host_key, threading.Lock())
        with lock:  # one fetch of robots.txt per host, however many threads ask
            cached = self._rules.get(host_key)
            if cached is not None and cached.expires > time.monotonic():
                return cached
            rules = rules_from(self._load(f"{host_key}/robots.txt"), ttl=self._ttl)
            self._rules[host_key] = rules
            return rules

"""robots.txt (RFC 9309): rules obeyed, an unavailable file allows all, an unreachable one disallows
the site for a short while, and each host's file is fetched once while its rules are fresh."""

from __future__ import annotations

import datetime as dt

from trustreg.evidence.fetch.outcomes import FetchResult, Outcome
from trustreg.evidence.fetch.robots import RobotsCache, rules_from

AT = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
URL = "https://vendor.example/robots.txt"
TOKEN = "TrustRegistryBot"


def fetched(body: bytes, status: int = 200, outcome: Outcome = Outcome.OK) -> FetchResult:
    return FetchResult(URL, outcome, "reason", AT, status_code=status, body=body)


def test_the_sites_rules_decide_which_pages_may_be_fetched():
    rules = rules_from(fetched(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 5\n"), ttl=3600)
    assert rules.verdict("https://vendor.example/dpa", TOKEN) is None
    assert rules.verdict("https://vendor.example/private/x", TOKEN) == (
        f"robots.txt disallows https://vendor.example/private/x for {TOKEN}")
    assert rules.crawl_delay(TOKEN) == 5.0


def test_a_crawl_delay_is_capped_at_a_minute():
    assert rules_from(fetched(b"User-agent: *\nCrawl-delay: 86400\n"), ttl=3600).crawl_delay(TOKEN) == 60.0


def test_a_missing_robots_txt_allows_everything():
    rules = rules_from(fetched(b"", status=404, outcome=Outcome.GONE), ttl=3600)
    assert rules.verdict("https://vendor.example/anything", TOKEN) is None
    assert rules.crawl_delay(TOKEN) is None and rules.failure is None


def test_an_unreachable_robots_txt_disallows_the_whole_site_for_a_short_while():
    long_ttl = 10 * 24 * 3600.0
    rules = rules_from(fetched(b"", status=503, outcome=Outcome.SERVER_ERROR), ttl=long_ttl)
    assert "unreachable" in (rules.verdict("https://vendor.example/dpa", TOKEN) or "")
    assert rules.expires < rules_from(fetched(b""), ttl=long_ttl).expires


def test_a_site_that_cannot_be_reached_at_all_reports_that_failure_not_a_robots_verdict():
    failure = FetchResult(URL, Outcome.DNS_FAILURE, "no such host", AT)
    rules = rules_from(failure, ttl=3600)
    assert rules.failure is failure and rules.verdict("https://vendor.example/dpa", TOKEN) is None


def test_each_hosts_robots_txt_is_fetched_once_while_fresh_and_again_once_stale():
    asked: list[str] = []

    def load(url: str) -> FetchResult:
        asked.append(url)
        return fetched(b"User-agent: *\nDisallow:\n")

    fresh = RobotsCache(load, ttl=3600)
    for _ in range(3):
        fresh.rules("https://a.example")
    fresh.rules("https://b.example")
    assert asked == ["https://a.example/robots.txt", "https://b.example/robots.txt"]
    asked.clear()
    stale = RobotsCache(load, ttl=-1)  # rules that expire as soon as they are read
    stale.rules("https://a.example")
    stale.rules("https://a.example")
    assert asked == ["https://a.example/robots.txt"] * 2

"""The per-host delay: requests to one host are spaced by the delay (or a longer crawl delay), other
hosts are not held up. Time is a fake clock: nothing here waits."""

from __future__ import annotations

from trustreg.evidence.fetch.throttle import HostThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_requests_to_one_host_are_spaced_by_the_delay_and_other_hosts_go_at_once():
    clock = Clock()
    throttle = HostThrottle(2.0, clock)
    assert [throttle.reserve("https://a:443") for _ in range(3)] == [0.0, 2.0, 4.0]
    assert throttle.reserve("https://b:443") == 0.0
    clock.now += 10
    assert throttle.reserve("https://a:443") == 0.0  # the booked slots have passed


def test_a_sites_longer_crawl_delay_wins_and_a_shorter_one_does_not():
    throttle = HostThrottle(2.0, Clock())
    throttle.reserve("https://a:443", 30.0)
    assert throttle.reserve("https://a:443", 0.5) == 30.0


def test_no_delay_books_nothing():
    throttle = HostThrottle(0.0, Clock())
    assert [throttle.reserve("https://a:443") for _ in range(3)] == [0.0, 0.0, 0.0]

"""A fetch's outcome: retryable or not, its validators for a conditional GET, whether it moved."""

from __future__ import annotations

import datetime as dt

import pytest

from trustreg.evidence.fetch.outcomes import FetchResult, Outcome

AT = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def result(outcome: Outcome, **kw) -> FetchResult:  # noqa: ANN003
    return FetchResult("https://vendor.example/dpa", outcome, "reason", AT, **kw)


@pytest.mark.parametrize("outcome", [Outcome.TIMEOUT, Outcome.DNS_FAILURE, Outcome.CONNECTION_FAILED,
                                     Outcome.SERVER_ERROR, Outcome.PROTOCOL_ERROR])
def test_a_failure_the_world_may_fix_is_retried(outcome):
    assert result(outcome).retryable and not result(outcome).ok


@pytest.mark.parametrize("outcome", [Outcome.GONE, Outcome.REFUSED_ADDRESS, Outcome.REFUSED_URL,
                                     Outcome.TOO_LARGE, Outcome.ROBOTS_DISALLOWED, Outcome.NOT_TEXT])
def test_a_refusal_or_a_gone_page_is_not_retried(outcome):
    assert not result(outcome).retryable


def test_too_many_requests_is_retried_though_it_counts_as_blocked():
    assert result(Outcome.BLOCKED, status_code=429).retryable
    assert not result(Outcome.BLOCKED, status_code=403).retryable


def test_validators_are_read_from_headers_whatever_their_case():
    r = result(Outcome.OK, headers=(("ETag", '"v1"'), ("last-MODIFIED", "Fri, 01 May 2026 00:00:00 GMT")))
    assert (r.etag, r.last_modified, r.header("x-missing")) == ('"v1"', "Fri, 01 May 2026 00:00:00 GMT", None)
    assert r.ok


def test_a_fetch_moved_only_when_it_ended_at_another_address():
    assert result(Outcome.OK, final_url="https://vendor.example/legal/dpa").moved
    assert not result(Outcome.OK, final_url="https://vendor.example/dpa").moved
    assert not result(Outcome.OK).moved


def test_an_outcome_reads_as_words():
    assert Outcome.TOO_MANY_REDIRECTS.label == "too many redirects"

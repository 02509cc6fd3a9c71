"""The facts a retention passage states: periods, zero retention and its approval, equivalents."""

from __future__ import annotations

import pytest

from tests.ingest.questions.claims_helpers import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Azure stores all prompts securely for up to thirty (30) days.", {"retention_days": 30}),
        ("Logs are retained for ninety days.", {"retention_days": 90}),
        ("Flagged content may be retained for up to 2 years.", {"retention_days": 730}),
        (
            "Logs are retained for 7 to 14 days depending on the plan.",
            {"retention_days": 14, "retention_days_min": 7},
        ),
        ("Outputs are cached for up to 24 hours.", {"retention_hours": 24}),
    ],
)
def test_a_retention_period_is_read_in_digits_words_and_ranges(text, expected):
    got = facts(text, "retention_zdr")
    assert {k: got.get(k) for k in expected} == expected


def test_zero_retention_that_needs_approval_says_so():
    got = facts("Qualifying customers can request zero data retention after approval.", "retention_zdr")
    assert got["zdr_available"] is True
    assert got["zdr_requires_approval"] is True


def test_zero_retention_not_offered_reads_as_unavailable():
    assert (
        facts("Zero data retention is not available for the Assistants API.", "retention_zdr")[
            "zdr_available"
        ]
        is False
    )


def test_modified_abuse_monitoring_is_the_zdr_equivalent():
    got = facts("Customers may apply to modify the abuse monitoring features.", "retention_zdr")
    assert got["zdr_equivalent"] == "modified abuse monitoring"

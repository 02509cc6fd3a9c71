"""The facts a SOC 2 passage states: how the report is obtained."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_a_report_given_on_request_under_nda_says_so():
    got = facts("The SOC 2 report is available on request under NDA.", "soc2_type2")
    assert got == {"requires_nda": True, "available_on_request": True}

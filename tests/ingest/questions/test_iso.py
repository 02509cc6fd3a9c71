"""The facts an ISO certification passage states: the standard's version, normalised."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_standard_versions_are_normalised():
    assert facts("Certified: ISO 42001:2023", "iso_42001") == {"iso_42001_version": "ISO/IEC 42001:2023"}
    assert facts("ISO/IEC 27001:2022 certificate", "iso_27001")["iso_27001_version"] == "ISO/IEC 27001:2022"

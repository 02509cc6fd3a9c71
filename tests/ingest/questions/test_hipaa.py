"""The facts a HIPAA passage states: a BAA, how it is given and to whom."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_a_baa_given_through_the_dpa_names_who_is_eligible():
    got = facts(
        "HIPAA: the service is covered under the BAA, which is included through the DPA for eligible "
        "customers",
        "hipaa_baa",
    )
    assert got["baa_via_dpa"] is True
    assert got["eligibility"] == "eligible customers"


def test_a_baa_that_is_not_available_is_false():
    assert (
        facts("Business Associate Agreements are not available for free plans.", "hipaa_baa")["baa_available"]
        is False
    )


def test_a_baa_for_one_product_and_not_another_is_conditional():
    from trustreg.ingest.extractor import extract_claims

    got = extract_claims("A BAA is available for the API only, not for the consumer app.")
    assert [(c.dimension, c.polarity) for c in got] == [("hipaa_baa", "conditional")]

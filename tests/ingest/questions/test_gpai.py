"""The facts a GPAI Code of Practice passage states: whether and how far it was signed."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_a_signature_is_read_as_full_partial_or_none():
    assert (
        facts("X signed only the Safety and Security chapter of the GPAI Code of Practice.", "gpai_cop")[
            "signatory_status"
        ]
        == "partial"
    )
    assert facts("X has signed the GPAI Code of Practice.", "gpai_cop")["signatory_status"] == "full"
    assert facts("X will not sign the GPAI Code of Practice.", "gpai_cop")["signatory_status"] == "not_signed"


def test_likely_to_follow_rivals_in_signing_is_an_intent():
    from trustreg.ingest.extractor import extract_claims

    got = extract_claims("Acme is likely to follow its rivals in signing the Code of Practice.")
    assert [(c.dimension, c.polarity) for c in got] == [("gpai_cop", "conditional")]

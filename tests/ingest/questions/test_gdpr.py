"""The facts a GDPR passage states: what the DPA covers, previews, the processor's role."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts
from trustreg.ingest.extractor import extract_claims


def test_the_dpa_covers_the_service_but_may_exclude_previews():
    assert facts(
        "The service is now generally available (GA) and is covered under the Data Protection Addendum.",
        "gdpr_dpa",
    ) == {"dpa_covers_service": True, "ga": True}
    assert (
        facts("Preview features may not be covered by the DPA.", "gdpr_dpa")["preview_features_excluded"]
        is True
    )
    assert (
        facts("The service is a Preview and the exclusion clause in the DPA applies.", "gdpr_dpa")[
            "dpa_covers_service"
        ]
        is False
    )
    assert facts("Acme acts as a processor under the GDPR.", "gdpr_dpa")["role"] == "processor"
    assert facts("Customer is the controller and Acme is the processor.", "gdpr_dpa")["role"] == "processor"


def test_the_vendor_as_processor_is_a_dpa_claim_but_as_controller_alone_is_not():
    assert claims("Acme acts as a processor on your behalf.") == {"gdpr_dpa": "positive"}
    assert claims(
        "The customer is the controller within the meaning of Art. 4 No. 7 GDPR. Acme acts as processor per Art. 28 GDPR."
    ) == {"gdpr_dpa": "positive"}
    assert claims("Acme acts as a controller of account and billing data.") == {}


def claims(text: str) -> dict[str, str]:
    return {c.dimension: c.polarity for c in extract_claims(text)}


def test_requesting_and_signing_a_dpa_or_subscribing_to_notices_is_how_it_is_given_not_a_limit():
    from trustreg.ingest.extractor import extract_claims

    for text in (
        "Customers can subscribe to notifications of new subprocessors by email; once a customer has signed up, "
        "Acme will send notice before adding a subprocessor.",
        "Acme, Beta and Gamma all offer DPAs, but you must request and sign them.",
    ):
        assert [(c.dimension, c.polarity) for c in extract_claims(text)] == [("gdpr_dpa", "positive")], text

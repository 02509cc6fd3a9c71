"""The facts a GDPR passage states: what the DPA covers, previews, the processor's role."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


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

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def facts(text, dimension):
    for claim in extract_claims(text):
        if claim.dimension == dimension:
            return claim.facts
    raise AssertionError(f"no {dimension} claim in {text!r}")


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
def test_retention_periods_in_digits_words_and_ranges(text, expected):
    got = facts(text, "retention_zdr")
    assert {k: got.get(k) for k in expected} == expected


def test_zdr_that_needs_approval():
    got = facts("Qualifying customers can request zero data retention after approval.", "retention_zdr")
    assert got["zdr_available"] is True
    assert got["zdr_requires_approval"] is True


def test_zdr_not_offered_is_false():
    assert (
        facts("Zero data retention is not available for the Assistants API.", "retention_zdr")[
            "zdr_available"
        ]
        is False
    )


def test_modified_abuse_monitoring_is_the_zdr_equivalent():
    got = facts("Customers may apply to modify the abuse monitoring features.", "retention_zdr")
    assert got["zdr_equivalent"] == "modified abuse monitoring"


def test_deployment_types_in_order_of_mention():
    got = facts(
        "Regional, Data Zone, and Global deployment types are available for data residency.", "data_residency"
    )
    assert got["deployment_types"] == ["Regional", "Data Zone", "Global"]


def test_regions_where_data_is_stored():
    got = facts("Customer data is stored within the European Union and the United States.", "data_residency")
    assert got["regions"] == ["EU", "US"]


def test_reviewers_located_in_the_eea():
    got = facts(
        "For EEA deployments, the human reviewers are located in the European Economic Area.",
        "data_residency",
    )
    assert got["reviewers_located_in_eea"] is True


def test_standard_versions_are_normalised():
    assert facts("Certified: ISO 42001:2023", "iso_42001") == {"iso_42001_version": "ISO/IEC 42001:2023"}
    assert facts("ISO/IEC 27001:2022 certificate", "iso_27001")["iso_27001_version"] == "ISO/IEC 27001:2022"


def test_baa_via_dpa_and_eligibility():
    got = facts(
        "HIPAA: the service is covered under the BAA, which is included through the DPA for eligible "
        "customers",
        "hipaa_baa",
    )
    assert got["baa_via_dpa"] is True
    assert got["eligibility"] == "eligible customers"


def test_training_facts():
    assert (
        facts("Your data is not used to train our models.", "training_on_customer_data")["no_training"]
        is True
    )
    assert facts(
        "Prompts are NOT available to OpenAI and are not used to train its models.",
        "training_on_customer_data",
    )["not_available_to_developer"]
    got = facts(
        "Not used to train foundation models without your explicit consent.", "training_on_customer_data"
    )
    assert got["exception"] == "explicit consent"
    assert facts("Data may be used for training unless you opt out.", "training_on_customer_data")[
        "opt_out_available"
    ]


def test_dpa_coverage_of_the_service_and_of_previews():
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


def test_signatory_status():
    assert (
        facts("X signed only the Safety and Security chapter of the GPAI Code of Practice.", "gpai_cop")[
            "signatory_status"
        ]
        == "partial"
    )
    assert facts("X has signed the GPAI Code of Practice.", "gpai_cop")["signatory_status"] == "full"
    assert facts("X will not sign the GPAI Code of Practice.", "gpai_cop")["signatory_status"] == "not_signed"


def test_art53_summary_publication():
    assert facts("X has published the Article 53 training data summary.", "art53_summary")[
        "summary_published"
    ]
    assert (
        facts("X has yet to publish its Article 53 summary.", "art53_summary")["summary_published"] is False
    )


def test_a_baa_that_is_not_available_is_false():
    assert (
        facts("Business Associate Agreements are not available for free plans.", "hipaa_baa")["baa_available"]
        is False
    )


def test_gated_reports():
    got = facts("The SOC 2 report is available on request under NDA.", "soc2_type2")
    assert got == {"requires_nda": True, "available_on_request": True}

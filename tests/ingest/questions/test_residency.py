"""The facts a data residency passage states: deployment types, regions, where reviewers sit."""

from __future__ import annotations

from tests.ingest.questions.claims_helpers import facts


def test_deployment_types_are_listed_in_order_of_mention():
    got = facts(
        "Regional, Data Zone, and Global deployment types are available for data residency.", "data_residency"
    )
    assert got["deployment_types"] == ["Regional", "Data Zone", "Global"]


def test_the_regions_where_data_is_stored_are_named():
    got = facts("Customer data is stored within the European Union and the United States.", "data_residency")
    assert got["regions"] == ["EU", "US"]


def test_reviewers_located_in_the_eea_are_noted():
    got = facts(
        "For EEA deployments, the human reviewers are located in the European Economic Area.",
        "data_residency",
    )
    assert got["reviewers_located_in_eea"] is True


def test_where_a_company_or_a_person_is_says_nothing_of_where_data_is():
    from trustreg.ingest.extractor import extract_claims

    assert extract_claims("Mistral AI is a startup located in Paris.") == []
    assert [(c.dimension, c.polarity) for c in extract_claims("Our servers are located in Frankfurt.")] == [
        ("data_residency", "positive")
    ]


def test_any_of_a_vendors_data_centres_is_no_location_guarantee():
    from trustreg.ingest.extractor import extract_claims

    got = extract_claims("Prompts may be processed in any of our global data centers.")
    assert [(c.dimension, c.polarity) for c in got] == [("data_residency", "negative")]

"""The facts a data residency passage states: deployment types, regions, where reviewers sit."""

from __future__ import annotations

import pytest

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



def test_any_of_a_vendors_data_centres_is_no_location_guarantee():
    from trustreg.ingest.extractor import extract_claims

    got = extract_claims("Prompts may be processed in any of our global data centers.")
    assert [(c.dimension, c.polarity) for c in got] == [("data_residency", "negative")]


def test_data_that_may_leave_is_not_limited_to_or_goes_around_the_world_is_no_residency():
    from trustreg.ingest.extractor import extract_claims

    for text in (
        "Your data may leave the EU for support purposes.",
        "Processing is not limited to the EU.",
        "Your personal data may be processed by our affiliates and service providers around the world.",
    ):
        assert [(c.dimension, c.polarity) for c in extract_claims(text)] == [("data_residency", "negative")], text
    assert [(c.dimension, c.polarity) for c in extract_claims("Customer data never leaves the EU.")] == [
        ("data_residency", "positive")
    ]


def test_building_data_centres_is_news_and_pinning_a_workspace_is_residency():
    from trustreg.ingest.extractor import extract_claims

    assert extract_claims("The company raised 100 million euros to build new data centers in France.") == []
    got = extract_claims("EU customers can pin their workspace to the Frankfurt region.")
    assert [(c.dimension, c.polarity) for c in got] == [("data_residency", "positive")]


@pytest.mark.parametrize(
    "text, polarity",
    [
        ("By default, your files are stored in Acme's cloud infrastructure in Germany.", "positive"),
        ("If you pick EU routing, requests go to the EU deployment in Frankfurt.", "positive"),
        ("The Data Locality add-on is included in Business or higher plans.", "conditional"),
        ("For customers with strict compliance needs, Acme supports VPC-based deployments. Contact sales to set one up.", "conditional"),
        ("Acme is a Swedish startup. Its servers are in Sweden.", "positive"),
        ("Our default processing region is eu-west-1 (Ireland).", "positive"),
        ("Acme makes no commitment on the storage location of customer data.", "negative"),
        ("When turned on, cross-region inference happens whenever a model is unavailable in your home region.", "negative"),
        ("At peak load the service can redirect requests to the US or Asia.", "negative"),
        ("Residency covers data at rest only; prompts are processed transiently in the US.", "conditional"),
        ("Acme's gateway is not a data residency solution.", "negative"),
    ],
)
def test_residency_said_by_infrastructure_add_ons_routing_and_at_rest_only(text, polarity):
    from trustreg.ingest.extractor import extract_claims

    assert [(c.dimension, c.polarity) for c in extract_claims(text)] == [("data_residency", polarity)], text



def test_residency_for_approved_customers_or_an_enterprise_tier_option_is_conditional():
    from trustreg.ingest.extractor import extract_claims

    for text in (
        "Approved enterprise customers can enable EU residency by creating a new project; requests there are "
        "processed in-region and never stored.",
        "EU residency is an enterprise-tier, approval-gated option.",
    ):
        assert [(c.dimension, c.polarity) for c in extract_claims(text) if c.dimension == "data_residency"] == [
            ("data_residency", "conditional")
        ], text

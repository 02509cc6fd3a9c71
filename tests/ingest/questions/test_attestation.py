"""Certifications and portals named as the reader's goal, someone else's, or a product, claim nothing
(issue 14; sentences invented for the tests)."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def found(text):
    return {c.dimension: c.polarity for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Get SOC 2 compliant in weeks, not months.",
        "Vanta helps companies get SOC 2 and ISO 27001 certified.",
        "Our team has helped over 500 companies pass their SOC 2 audit.",
        "Compliance automation for SOC 2, HIPAA, GDPR and ISO 27001.",
        "Customers will often ask for your SOC 2 report during procurement.",
        "Trust center software lets security teams share documents with prospects.",
        "Drata's trust center product lets customers publish their security posture.",
    ],
)
def test_a_certification_as_a_goal_someone_elses_or_a_product_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We are SOC 2 Type II certified.", {"soc2_type2": "positive"}),
        ("We achieved ISO/IEC 42001 certification in March.", {"iso_42001": "positive"}),
        ("We are working towards ISO 42001 certification.", {"iso_42001": "conditional"}),
        ("Visit our Trust Center at trust.acme.com for our security documentation.", {"trust_center": "positive"}),
        ("Our SOC 2 Type II report is available to customers under NDA.", {"soc2_type2": "positive"}),
        # a trust page's list under its heading: the plural "Certifications" holds like "certified"
        (
            "Certifications: ISO 27001, ISO 27017, ISO 27018, SOC 1, SOC 2, SOC 3.",
            {"soc2_type2": "positive", "iso_27001": "positive"},
        ),
    ],
)
def test_a_certification_the_vendor_holds_or_pursues_still_claims(text, expected):
    assert found(text) == expected, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Acme completed its SOC 2 Type II audit in May 2025.", {"soc2_type2": "positive"}),
        ("Our ISO 42001 audit is scheduled for next quarter.", {"iso_42001": "conditional"}),
        ("The API is HIPAA eligible once you sign our BAA.", {"hipaa_baa": "conditional"}),
    ],
)
def test_a_completed_audit_holds_a_scheduled_one_is_under_way_and_a_signature_to_come_is_a_condition(
    text, expected
):
    assert found(text) == expected, text


def test_the_certificate_of_a_provider_named_just_before_is_not_the_vendors():
    assert found("We host our website on AWS, which is SOC 2 and ISO 27001 certified.") == {}
    assert found("Acme is certified to ISO/IEC 27001:2022.") == {"iso_27001": "positive"}


@pytest.mark.parametrize(
    "text",
    [
        "Compliance: A key part of ISO 27001 is an internal audit programme.",
        "On ISO 42001, our platform gives teams the tooling needed to implement the controls listed in Annex A.",
        "Our runbooks are stored under policies/soc2/ in the repository.",
    ],
)
def test_a_part_of_the_standard_tooling_to_implement_it_or_a_path_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Our ISO 27001 certification shows we meet strict security requirements.", {"iso_27001": "positive"}),
        ("Acme passed its ISO/IEC 42001 surveillance audit with no nonconformities.", {"iso_42001": "positive"}),
        ("Acme is not a business associate by default; it becomes one only when a BAA is signed.", {"hipaa_baa": "conditional"}),
        ("Acme offers a BAA on all paid plans.", {"hipaa_baa": "conditional"}),
        ("Trial accounts are not covered under a BAA.", {"hipaa_baa": "negative"}),
        ("The assistant (excluding the browser extension) is covered under Acme's BAA.", {"hipaa_baa": "conditional"}),
        ("Acme offers a BAA to customers on certain enterprise plans.", {"hipaa_baa": "conditional"}),
    ],
)
def test_an_owned_certificate_a_clean_audit_and_a_baa_limited_or_denied_for_some_plans(text, expected):
    assert found(text) == expected, text

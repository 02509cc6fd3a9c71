"""The guide's reading of scope (docs/labels.md), on wording like the real documents' (examples invented)."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def found(text):
    return {c.dimension: c.polarity for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        # limited scope: plan, tier, eligibility, approval, new projects
        (
            "Regional hosting can be chosen only when a Pro workspace is created in the EU region.",
            "data_residency",
            "conditional",
        ),
        ("Zero data retention is available to approved customers.", "retention_zdr", "conditional"),
        ("European data residency can be configured for new projects only.", "data_residency", "conditional"),
        (
            "We only sign Business Associate Agreements with customers on our Enterprise plan.",
            "hipaa_baa",
            "conditional",
        ),
        # standard exceptions keep a definite period positive
        (
            "Logs are deleted after 21 days, except where the law requires otherwise.",
            "retention_zdr",
            "positive",
        ),
        # training defaults and opt-in / opt-out
        (
            "Your content is excluded from training unless a customer opts in.",
            "training_on_customer_data",
            "positive",
        ),
        (
            "Conversations may be used to train our models; you can opt out in settings.",
            "training_on_customer_data",
            "conditional",
        ),
        # intent versus full versus partial signature
        ("Acme plans to sign the EU GPAI Code of Practice.", "gpai_cop", "conditional"),
        ("Acme signed only the safety chapter of the EU GPAI Code of Practice.", "gpai_cop", "conditional"),
        ("Acme has signed the EU General-Purpose AI Code of Practice.", "gpai_cop", "positive"),
        ("Acme refused to sign the EU AI Code of Practice.", "gpai_cop", "negative"),
        # retention tied to an event
        ("If you send feedback, that conversation is kept for five years.", "retention_zdr", "conditional"),
        # negation that belongs to another clause
        ("Requests are served in Germany and never stored.", "data_residency", "positive"),
    ],
)
def test_scope_sets_the_polarity(text, dimension, polarity):
    assert found(text).get(dimension) == polarity


@pytest.mark.parametrize(
    "text",
    [
        "SOC 2 is an auditing framework for service organizations that specifies how controls are tested.",
        "Our platform helps with GDPR compliance.",
        "Check how the vault maps to GDPR, HIPAA, SOC 2, and audit-logging requirements.",
        "Mistral's language models are trained on multilingual data and support many languages.",
        "Is my code used to train the model?",
        "Data residency means your data stays in a specific geographic region.",
        "Support tickets are retained for 365 days for audit purposes.",
        "ISO/IEC 42001 is an international artificial intelligence management system standard.",
    ],
)
def test_the_vocabulary_without_a_claim_claims_nothing(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        # a standard exception however it is worded: any "unless"/"except" whose reason is the law
        ("We keep your chats for 30 days unless a court order requires longer retention.", "retention_zdr", "positive"),
        ("Prompts are stored for 30 days (or longer if required by law).", "retention_zdr", "positive"),
        # ... but not an exception of the vendor's own
        ("We may retain data for longer where required by law or to enforce our Usage Policy.", "retention_zdr",
         "conditional"),
        ("Data is kept for 30 days unless you enable history.", "retention_zdr", "conditional"),
        # training that can be switched off is on by default
        ("You can switch training off in your account settings.", "training_on_customer_data", "conditional"),
        ("Conversations may be used to train our models; you can turn this off under Data Controls.",
         "training_on_customer_data", "conditional"),
        # denied in another clause for another kind of customer: it holds for part of the offer
        ("Free users' chats are used for training; Enterprise data never is.", "training_on_customer_data",
         "conditional"),
        # residency: no location guarantee, a region named as a kind of storage
        ("Data may be stored in third countries.", "data_residency", "negative"),
        ("Processing may occur in any country where our providers operate.", "data_residency", "negative"),
        ("There is no option to keep data in Europe.", "data_residency", "negative"),
        ("EU storage applies to new projects only.", "data_residency", "conditional"),
        # no storage stated with the verb first
        ("We delete prompts immediately after generating a response.", "retention_zdr", "positive"),
    ],
)
def test_scope_is_read_from_the_wording_not_a_phrase_list(text, dimension, polarity):
    assert found(text).get(dimension) == polarity


def test_a_region_named_about_speed_is_no_residency_claim():
    text = "European users storing files in the EU region can expect faster uploads compared to US storage."
    assert "data_residency" not in found(text)


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        # a certification under audit or on a roadmap is neither held nor refused (docs/labels.md)
        ("SOC 2 certification was in progress as of early 2026.", "soc2_type2", "conditional"),
        ("ISO 42001 — 2026 roadmap", "iso_42001", "conditional"),
        ("We are working towards ISO 42001 certification.", "iso_42001", "conditional"),
        # ... unless the passage also denies holding it, or it is only self-attested
        ("We do not currently hold a SOC 2 report; our audit is in progress.", "soc2_type2", "negative"),
        ("ISO 27001 controls (self-attestation; SOC 2 readiness review on roadmap).", "soc2_type2", "negative"),
        # a default can be changed: training "by default" implies an opt-out
        ("ChatGPT trains on your conversations by default if you use a personal account on the Free plan.",
         "training_on_customer_data", "conditional"),
    ],
)
def test_plans_and_defaults_read_as_the_settled_labels_do(text, dimension, polarity):
    assert found(text).get(dimension) == polarity


@pytest.mark.parametrize(
    "text",
    [
        "Access control — only authorized users submit PHI prompts.",
        "A trust center that shows a SOC 2 Type II audit in progress, expected Q2 2026, signals maturity to buyers.",
        "Without a signed BAA, sending PHI to an LLM API is a HIPAA violation.",
    ],
)
def test_a_table_line_advice_or_the_law_is_no_claim(text):
    assert found(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "We store cookies for up to 12 months.",
        "A zero data retention agreement is something every enterprise should ask for.",
    ],
)
def test_cookies_and_advice_to_buyers_are_no_retention_claim(text):
    assert "retention_zdr" not in found(text)

"""One test per rule family: what makes a passage speak of a dimension, and with which polarity."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.extractor import EXTRACTOR_NAME, extract_claims


def claims(text):
    return {c.dimension: c for c in extract_claims(text)}


def only(text):
    found = claims(text)
    assert len(found) == 1, found
    return next(iter(found.values()))


@pytest.mark.parametrize(
    ("text", "dimension", "polarity"),
    [
        # SOC 2
        ("Our SOC 2 Type II report is available in the trust portal.", "soc2_type2", "positive"),
        ("We do not currently have a SOC 2 report.", "soc2_type2", "negative"),
        ("The vendor is audited for SOC 1, 2 and 3.", "soc2_type2", "positive"),
        ("Covered by SOC 1/2/3 reports.", "soc2_type2", "positive"),
        ("In scope for ISO, SOC, CSA STAR Level 2.", "soc2_type2", "positive"),
        ("Covered by ISO/IEC 27001, 27017, 27018, and 42001 certifications.", "iso_42001", "positive"),
        # ISO
        ("Acme is certified to ISO/IEC 27001:2022.", "iso_27001", "positive"),
        ("We have not yet obtained ISO 42001 certification.", "iso_42001", "negative"),
        ("Our AI management system is certified by an accredited body.", "iso_42001", "positive"),
        # trust center
        ("Visit our Trust Center for security documentation.", "trust_center", "positive"),
        # HIPAA
        ("We will sign a Business Associate Agreement with healthcare customers.", "hipaa_baa", "positive"),
        ("The service must not be used to process PHI, and we do not sign BAAs.", "hipaa_baa", "negative"),
        ("A BAA is available only if you use the zero-retention endpoints.", "hipaa_baa", "conditional"),
        # GDPR / DPA
        ("Our Data Processing Addendum includes the Standard Contractual Clauses.", "gdpr_dpa", "positive"),
        ("We publish a list of our subprocessors.", "gdpr_dpa", "positive"),
        ("Customer is the controller of Customer Data and Acme is the processor.", "gdpr_dpa", "positive"),
        ("Compliance Resource Center: certifications and audit reports.", "trust_center", "positive"),
        ("You'll need to sign the BAA in the console before sending PHI.", "hipaa_baa", "conditional"),
        # training
        ("We do not train our models on your API data.", "training_on_customer_data", "positive"),
        (
            # Trained on unless you opt out: conditional (docs/labels.md), no longer negative.
            "Your inputs may be used to train our models unless you opt out.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            # Not used unless the customer opts in: positive (docs/labels.md), as "unless you opt in".
            "Prompts are never used to improve our products without opt-in.",
            "training_on_customer_data",
            "positive",
        ),
        ("Your data is not used to train Anthropic's models.", "training_on_customer_data", "positive"),
        (
            "If you are an enterprise customer, your data is excluded from training.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            "Chats may be used to improve model performance; you can turn this off in settings.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            "You can choose to allow us to use your chats to improve Claude.",
            "training_on_customer_data",
            "conditional",
        ),
        # retention
        ("Inputs and outputs are retained for 30 days.", "retention_zdr", "positive"),
        ("Zero data retention is not available for this endpoint.", "retention_zdr", "negative"),
        ("Zero data retention is available to Enterprise customers only.", "retention_zdr", "conditional"),
        (
            "We keep API data 30 days by default; organizations approved for ZDR retain none.",
            "retention_zdr",
            "conditional",
        ),
        (
            "Prompts are stored for 30 days unless you are approved for zero data retention.",
            "retention_zdr",
            "conditional",
        ),
        ("The model is stateless and retains nothing between calls.", "retention_zdr", "positive"),
        # kept until the customer deletes it: no definite period (docs/labels.md, "Kept until the user deletes")
        ("Files are retained until you delete them.", "retention_zdr", "conditional"),
        ("Files are retained until the end of your contract.", "retention_zdr", "positive"),
        (
            "Invocation logging is disabled by default; if you enable it, prompts go to your bucket.",
            "retention_zdr",
            "conditional",
        ),
        (
            "With zero data retention, request bodies are not persisted to any logs.",
            "retention_zdr",
            "positive",
        ),
        # residency
        ("Customers can choose the region where their data is stored.", "data_residency", "positive"),
        ("Data residency commitments do not apply to global endpoints.", "data_residency", "negative"),
        ("Data at rest is stored in the EU for European customers.", "data_residency", "positive"),
        ("Data is not stored outside the location you select.", "data_residency", "positive"),
        (
            "Requests may be served from any region, so data residency cannot be guaranteed.",
            "data_residency",
            "negative",
        ),
        # EU AI Act
        ("Acme has signed the EU General-Purpose AI Code of Practice.", "gpai_cop", "positive"),
        ("Acme declined to sign the GPAI Code of Practice.", "gpai_cop", "negative"),
        ("We have no plans to sign the GPAI Code of Practice.", "gpai_cop", "negative"),
        ("Acme publishes the training data summary required by Article 53.", "art53_summary", "positive"),
        (
            # A plan is a limited scope (docs/labels.md): conditional, not a plain yes.
            "For Pro users, training on conversations is turned off by default.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            "Inputs are not logged when you have been granted an abuse monitoring exception.",
            "retention_zdr",
            "conditional",
        ),
        (
            "Objects are stored for 30 days by default; set store to false to disable storage.",
            "retention_zdr",
            "conditional",
        ),
    ],
)
def test_each_rule_family_finds_its_dimension_and_polarity(text, dimension, polarity):
    found = claims(text)
    assert dimension in found, found
    assert found[dimension].polarity == polarity


@pytest.mark.parametrize(
    "text",
    [
        "Invoices are payable within thirty (30) days.",
        "Either party may terminate this Agreement on 30 days' notice.",
        "Customer-managed keys can encrypt fine-tuning files at rest.",
        "Rate limits are measured in requests per minute.",
        "Your data is never shared with other customers.",
        "HITRUST-aligned StateRAMP-aligned ISO 27799-aligned",
        "Follow your organization's retention and governance policies.",
        "This is an international code of practice for cloud privacy.",
        "Data residency options",
        "Choose a region close to your users to reduce latency.",
        "Customer shall pay invoices within thirty (30) days; meetings are held every 30 days.",
        "Azure OpenAI and HIPAA Compliance: https://learn.microsoft.com/azure/compliance/offerings/offering-hipaa-us",
    ],
)
def test_passages_about_none_of_the_dimensions_yield_no_claim(text):
    assert extract_claims(text) == []


def test_a_short_list_item_is_a_statement_but_a_short_title_is_not():
    assert only("- Not used for training").dimension == "training_on_customer_data"
    assert extract_claims("## Zero data retention") == []


def test_uncertainty_makes_the_claim_unclear():
    assert only("For GDPR compliance it was not fully clear whether the DPA applies.").polarity == "unclear"


def test_a_question_nobody_answers_claims_nothing():
    # docs/labels.md: questions people ask are no claim, however much they use the vocabulary.
    assert extract_claims("Does anyone know whether they sign a BAA?") == []
    assert only("Anyone know if ZDR covers batch requests? Docs don't say.").polarity == "unclear"


def test_an_undisclosed_retention_period_is_unclear():
    claim = only("The vendor still hasn't shared how long they keep API logs.")
    assert (claim.dimension, claim.polarity) == ("retention_zdr", "unclear")


def test_an_answered_question_is_not_unclear():
    claim = only("How long do you keep my API requests? We keep them for 30 days, then delete them.")
    assert claim.polarity == "positive"


def test_a_negation_in_another_clause_does_not_flip_the_claim():
    found = claims(
        "Google confirmed it will sign the EU's general-purpose AI Code of Practice, while Meta said it "
        "would not sign."
    )
    # Google's clause decides: announced intent is conditional (docs/labels.md), Meta's refusal does not flip it.
    assert found["gpai_cop"].polarity == "conditional"


def test_glued_badges_from_text_extraction_still_match():
    found = claims("HIPAA BAASOC 2 Type IIISO 27001ISO/IEC 42001:2023FedRAMP High")
    assert set(found) == {"hipaa_baa", "soc2_type2", "iso_27001", "iso_42001"}


def test_a_dpa_named_only_as_the_vehicle_of_a_baa_is_a_hipaa_claim():
    found = claims("- HIPAA: the service is covered under the BAA, which is included through the DPA")
    assert set(found) == {"hipaa_baa"}
    assert found["hipaa_baa"].facts["baa_via_dpa"] is True


def test_a_claim_names_its_extractor_and_the_rules_that_fired():
    claim = only("We do not train on customer data.")
    assert claim.extractor == EXTRACTOR_NAME
    assert claim.rules and all(rule.startswith("training.") for rule in claim.rules)


def test_one_claim_per_dimension_even_with_many_mentions():
    found = extract_claims("SOC 2 Type II report. SOC 2 bridge letter. SOC 2 scope.")
    assert [c.dimension for c in found] == ["soc2_type2"]


@given(st.text(max_size=600))
def test_quote_offsets_always_slice_the_passage_exactly(text):
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.quote
        assert claim.polarity in ("positive", "negative", "conditional", "unclear")


@given(
    st.sampled_from(
        [
            "We do not train on your data.",
            "Prompts are retained for thirty (30) days.",
            "SOC 2 Type II report available under NDA.",
            "Data stays in the EU.",
        ]
    ),
    st.text(alphabet=" \n\t", max_size=5),
    st.text(alphabet=" \n\t", max_size=5),
)
def test_surrounding_whitespace_does_not_change_the_claims(sentence, before, after):
    plain = [(c.dimension, c.polarity, c.facts) for c in extract_claims(sentence)]
    padded = [(c.dimension, c.polarity, c.facts) for c in extract_claims(before + sentence + after)]
    assert plain == padded


def test_huge_passages_are_cut_not_choked_on():
    text = "We do not train on your data. " + "x" * 1_000_000
    assert "training_on_customer_data" in claims(text)


def test_a_rules_anchor_words_are_in_every_text_it_matches():
    # Anchors only skip work: a rule must never match a text that lacks its anchor words.
    import json
    from pathlib import Path

    from trustreg.ingest.questions import RULES

    texts = [
        json.loads(line)["text"]
        for path in sorted((Path(__file__).resolve().parents[2] / "data" / "eval").glob("*.jsonl"))
        for line in path.open(encoding="utf-8")
    ]
    assert len(texts) > 1000
    for text in texts:
        lowered = text.lower()
        for rule in RULES:
            if not rule.may_match(lowered):
                assert rule.pattern.search(text) is None, (rule.name, text)

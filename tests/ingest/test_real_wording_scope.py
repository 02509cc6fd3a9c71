"""Wording of the real-text tune part's fourth batch (issue 14): definitions, news of the GPAI Code,
defaults, and residency said without "not" (sentences written for the tests, none from a labelled set)."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def found(text):
    return {c.dimension: c.polarity for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "ZDR is a contractual promise, not an engineering property.",
        "The Trust Portal is your company's public page for security questionnaires.",
        "Data residency for AI means that prompts and logs stay in one jurisdiction.",
        "SOC 2 is not a badge a vendor can award itself.",
        "Chat transcripts should be kept for 30 days and then deleted.",
        "Providers were required to sign the GPAI Code of Practice before the deadline.",
        "Signing the GPAI Code of Practice is not a requirement of the AI Act.",
        "Our lab contributed to the drafting of the GPAI Code of Practice.",
        # vendors in general, and two things compared
        "By default, most chat services use your free conversations to improve their next model.",
        "These tools can still keep your prompts for abuse prevention.",
        "Many enterprise-tier LLM API offerings provide DPAs; consumer apps often don't.",
        "A signed DPA is not the same thing as a zero data retention agreement.",
        "An AI chatbot hosted in Germany keeps personal data in the EU and sends none to third countries.",
        "ISO 27001 certification takes six to twelve months for most startups.",
        "Zero Data Retention (ZDR) is a policy under which a provider does not store prompts.",
        "A trust center helps buyers find security documents.",
        # document forms, trends, the law, comparisons and cases put to the reader
        "The DPA template below can be adapted by your legal team.",
        "Data residency laws in India require certain payment data to stay in the country.",
        "Enterprise buyers increasingly require ISO 42001 from AI suppliers.",
        "Zero data retention is becoming a standard request in enterprise deals.",
        "A DPA must list the categories of personal data processed.",
        "Most enterprise AI contracts include a no-training clause.",
        "Data processing agreements are required under Article 28 GDPR.",
        "If your vendor stores data in the US, you may need a transfer impact assessment.",
        "Gemini, ChatGPT and Claude differ in how long they keep chats.",
        "Compliance badges like SOC 2 and ISO 27001 are table stakes for SaaS.",
        "Our security team reviews every vendor's SOC 2 report annually.",
        "Several signatories of the Code have criticised its copyright chapter.",
        "Opting out of training is easy in most apps.",
        "A zero-retention endpoint costs the same as the standard one.",
    ],
)
def test_a_definition_advice_or_the_codes_process_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text",
    [
        "Zero data retention means we never write your prompts to disk.",
        "Acme is a signatory of the GPAI Code of Practice.",
        "Data residency is an add-on available on the Scale plan.",
    ],
)
def test_a_sentence_shaped_like_a_definition_that_says_what_a_vendor_does_still_claims(text):
    assert found(text), text


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        ("Meta has held back from the entire code, calling it overreach.", "gpai_cop", "negative"),
        ("Training is on by default for Free and Plus users.", "training_on_customer_data", "conditional"),
        (
            "Chats created under a Business or Enterprise plan are excluded from training.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            "With the big US providers, what you type travels outside the European Union to be processed.",
            "data_residency",
            "negative",
        ),
        (
            "Your records are stored in an EU-domiciled server and therefore not subject to US jurisdiction.",
            "data_residency",
            "positive",
        ),
        ("acme is not presently soc 2 certified.", "soc2_type2", "negative"),
        (
            "Acme signs the SCCs with every supplier not covered by an adequacy decision.",
            "gdpr_dpa",
            "positive",
        ),
        ("We never move your data outside the EU without your consent.", "data_residency", "positive"),
        ("All workspace data is stored exclusively in a German data center.", "data_residency", "positive"),
        ("Transcripts - retained for the duration of your subscription", "retention_zdr", "positive"),
        ("Data residency is an add-on available on the Scale plan.", "data_residency", "conditional"),
    ],
)
def test_the_fourth_batchs_wording_gets_the_guides_polarity(text, dimension, polarity):
    assert found(text).get(dimension) == polarity, (text, found(text))


def test_a_company_based_somewhere_is_not_where_its_data_is():
    assert "data_residency" not in found(
        "Mistral announced it would sign up, as did US-based OpenAI and Google."
    )
    assert found("We attach the SCCs in every contract with US-based providers.") == {"gdpr_dpa": "positive"}


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        (
            "EU hosting can only be selected when you create a new Enterprise workspace.",
            "data_residency",
            "conditional",
        ),
        (
            "Zero retention is offered to customers approved by our sales team.",
            "retention_zdr",
            "conditional",
        ),
        ("A BAA is available for our API but not for the consumer app.", "hipaa_baa", "conditional"),
        ("Inference runs in Frankfurt and prompts are never written to disk.", "data_residency", "positive"),
        ("Your requests may be processed in any of our global regions.", "data_residency", "negative"),
        ("Data may be processed anywhere our subprocessors operate.", "data_residency", "negative"),
        ("Acme has not yet published a public summary of its training content.", "art53_summary", "negative"),
        ("Your data lives in AWS eu-central-1.", "data_residency", "positive"),
        (
            "You pick a data region when you create the organization and it cannot be changed later.",
            "data_residency",
            "positive",
        ),
        (
            "Uploads are kept only for the length of the session and deleted when you log out.",
            "retention_zdr",
            "positive",
        ),
        (
            "Prompts sent to the API aren't used for training unless you join the data sharing program.",
            "training_on_customer_data",
            "positive",
        ),
        (
            "Free accounts contribute to model training; Team accounts never do.",
            "training_on_customer_data",
            "conditional",
        ),
        (
            "Our models learn from the conversations users have with them.",
            "training_on_customer_data",
            "negative",
        ),
        ("EU data residency is coming in Q3.", "data_residency", "conditional"),
        ("Hosted on Azure in West Europe (Netherlands).", "data_residency", "positive"),
        ("HIPAA: BAA available on Enterprise", "hipaa_baa", "conditional"),
        ("API inputs are held for a maximum of 30 days.", "retention_zdr", "positive"),
        ("Conversations are stored for as long as your account is active.", "retention_zdr", "positive"),
        ("Nothing you send is persisted after processing.", "retention_zdr", "positive"),
        ("Customers can deploy Acme in their own VPC.", "data_residency", "positive"),
        ("Some processing may occur outside your selected region.", "data_residency", "negative"),
    ],
)
def test_paraphrases_of_the_issues_patterns_get_the_guides_polarity(text, dimension, polarity):
    assert found(text).get(dimension) == polarity, (text, found(text))


def test_a_vendors_own_template_and_a_standard_legal_exception_still_claim():
    assert found("Our template BAA is signed with every healthcare customer.") == {"hipaa_baa": "positive"}
    assert found("Provider deletes Customer Data within 60 days, unless retention is required by law.") == {
        "retention_zdr": "positive"
    }


def test_sub_processors_named_only_as_where_data_goes_are_no_dpa_claim():
    assert "gdpr_dpa" not in found("Data may be processed anywhere our subprocessors operate.")

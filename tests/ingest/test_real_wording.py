"""Wording of real documents the rules first missed (issue 14): places, endpoints, bare signings.

The sentences are written for the tests in the patterns the real-text tune part showed; none is a
passage of the labelled sets.
"""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims


def claims(text):
    return {c.dimension: c for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Your workspace is deployed in the europe-west3 (Frankfurt) region of Google Cloud.",
        "Traces are stored in Dublin for every tenant on the EU plan.",
        "Point your client at the EU endpoint (api.eu.example-llm.com) so requests stay in Europe.",
        "Acme offers EU-hosted inference for its chat models.",
        "Prompts sent to the regional gateway never leave the European Union.",
        "Projects are created in the customer's chosen region.",
        "The deployment region is fully configurable when the account is set up.",
    ],
)
def test_a_place_an_endpoint_or_a_chosen_region_is_a_residency_claim(text):
    assert "data_residency" in claims(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Some of your data is also transferred to third countries for support.",
        "Regional endpoints exist, but telemetry is still routed outside your region.",
    ],
)
def test_data_sent_to_third_countries_or_out_of_region_is_negative(text):
    assert claims(text)["data_residency"].polarity == "negative"


def test_a_transfer_covered_by_the_sccs_is_a_dpa_matter_not_residency():
    found = claims(
        "Personal data transferred outside the EEA is protected by the Standard Contractual Clauses."
    )
    assert "gdpr_dpa" in found
    assert "data_residency" not in found


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        (
            "Microsoft has indicated it may sign, citing its support for regulators.",
            "conditional",
        ),
        (
            "Several labs signed, and there is a partial signature from xAI.",
            "conditional",
        ),
    ],
)
def test_a_known_model_maker_signing_is_read_as_the_code_in_the_news(text, polarity):
    found = claims(text)
    assert found["gpai_cop"].polarity == polarity


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI will not sign a BAA for consumer accounts.",
        "Does Mistral have a DPA you can sign?",
        "Anthropic can sign an amendment for zero retention.",
    ],
)
def test_signing_a_contract_is_not_the_code_of_practice(text):
    assert "gpai_cop" not in claims(text)


def test_the_clause_naming_the_code_decides_when_another_company_refuses():
    found = claims(
        "Google confirmed it will sign the EU's AI Code of Practice, while Meta said it would not sign."
    )
    assert found["gpai_cop"].polarity == "conditional"
    assert found["gpai_cop"].facts.get("signatory_status") != "not_signed"


@pytest.mark.parametrize(
    "text",
    [
        "If you switch off the setting, we will not use your new chats for future model training.",
        "Opting out only keeps future conversations from being trained on.",
        "Admins can exclude their workspace data from the company's global models by opting out.",
    ],
)
def test_training_that_stops_once_you_opt_out_is_conditional(text):
    assert claims(text)["training_on_customer_data"].polarity == "conditional"


def test_a_dpf_certification_is_a_transfer_mechanism_of_the_dpa_question():
    assert "gdpr_dpa" in claims(
        "Acme is certified under the DPF for transfers from the EU."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Some vendors use your prompts to improve their models.",
        "Most large AI providers offer a BAA for enterprise customers.",
        "Without ZDR, providers may keep prompts for up to 30 days.",
        "A vendor without ISO 27001 rarely passes a security review.",
        "SOC 2 Type II is more rigorous than Type I.",
        "A DPA is a legally binding document between controller and processor.",
        "Acme runs on SOC 2 / ISO 27001 infrastructure.",
        "Audit log retention is 6 years.",
    ],
)
def test_vendors_in_general_definitions_and_records_claim_nothing(text):
    assert not claims(text), text


def test_naming_the_vendors_keeps_a_general_sounding_sentence_a_claim():
    found = claims(
        "OpenAI, Anthropic and Google all sign BAAs on their enterprise tiers."
    )
    assert found["hipaa_baa"].polarity == "conditional"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        (
            "We do not train models on customer content without explicit opt-in.",
            "positive",
        ),
        ("You can opt in to let us use your content to train our models.", "positive"),
        (
            "Acme trains its models on user data without explicit permission; admins can opt out by email.",
            "conditional",
        ),
        ("Once it is off, new chats are not used to train our models.", "conditional"),
        (
            "For Team, Enterprise, and API users, data is not used for training by default.",
            "conditional",
        ),
        (
            "We don't use content from our business offerings to train our models.",
            "conditional",
        ),
        (
            "Acme trains on your conversations by default if you use a personal account on the Free plan.",
            "conditional",
        ),
    ],
)
def test_training_defaults_opt_in_opt_out_and_plans(text, polarity):
    assert claims(text)["training_on_customer_data"].polarity == polarity, text


def test_a_soc2_audit_on_the_roadmap_is_neither_held_nor_refused():
    assert claims("SOC 2 Type II — 2026 roadmap")["soc2_type2"].polarity == "conditional"


def test_a_company_committed_to_signing_has_only_announced_intent():
    assert (
        claims("Acme and OpenAI are committed to signing the code of practice.")[
            "gpai_cop"
        ].polarity
        == "conditional"
    )


def test_retention_limited_by_the_subscription_is_conditional():
    text = "Chats are stored for a period limited by the type of the account subscription, from 1 to 9 months."
    assert claims(text)["retention_zdr"].polarity == "conditional"


def test_an_example_in_brackets_does_not_limit_a_residency_claim():
    text = "Data stores are created in the customer's chosen region (e.g., separate EU shards for enterprise customers)."
    assert claims(text)["data_residency"].polarity == "positive"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        (
            "Your chats help improve the assistant; you can decline in settings.",
            "conditional",
        ),
        ("Content you submit is not used for model improvement.", "positive"),
        ("We don't train our models using your data.", "positive"),
        ("Your prompts are not part of any training dataset.", "positive"),
    ],
)
def test_improvement_and_training_set_paraphrases_are_training_claims(text, polarity):
    assert claims(text)["training_on_customer_data"].polarity == polarity, text


@pytest.mark.parametrize(
    ("text", "dimension", "polarity"),
    [
        (
            "Stored threads are outside your zero-retention agreement.",
            "retention_zdr",
            "negative",
        ),
        (
            "If you send feedback, that conversation is kept for years.",
            "retention_zdr",
            "conditional",
        ),
        ("We signed the safety chapter only.", "gpai_cop", "conditional"),
        ("Use the .eu host for European traffic.", "data_residency", "positive"),
        (
            "A data-processing agreement is available on request.",
            "gdpr_dpa",
            "positive",
        ),
    ],
)
def test_the_issues_patterns_of_real_text(text, dimension, polarity):
    assert claims(text)[dimension].polarity == polarity, text


def test_a_table_cell_of_a_plan_and_a_period_is_a_retention_claim():
    found = claims("Business: 14 days")["retention_zdr"]
    assert found.facts["retention_days"] == 14
    assert found.polarity == "conditional"


@pytest.mark.parametrize(
    "text",
    [
        "Many business users need to know whether their prompts remain inside the EU Data Boundary.",
        "The rate limits are the same in the US and EU regions.",
    ],
)
def test_a_question_inside_a_sentence_or_an_aside_about_limits_is_no_residency_claim(
    text,
):
    assert "data_residency" not in claims(text)


def test_where_data_is_stored_is_not_how_long_it_is_kept():
    found = claims(
        "You select your region, which determines where we store your data: in the US or the EU."
    )
    assert "retention_zdr" not in found
    assert "data_residency" in found


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        (
            "Consumer queries are used for model training by default. Enterprise accounts are excluded from model training.",
            "conditional",
        ),
        (
            "Individual users can opt in and consent for their code to be used as training data.",
            "positive",
        ),
        (
            "For Business and Enterprise plans: Acme does NOT use your code to train its models.",
            "conditional",
        ),
        (
            "Customer data is not used for model training, except where users provide feedback.",
            "conditional",
        ),
        (
            "Acme does not use any customer audio, video, chat, screen sharing, attachments, or other content (such as poll results, whiteboards, and reactions) to train its models.",
            "positive",
        ),
        ("Your code never becomes training data.", "positive"),
    ],
)
def test_training_read_across_sentences_plans_and_long_lists(text, polarity):
    assert claims(text)["training_on_customer_data"].polarity == polarity, text


def test_a_plan_limit_does_not_soften_a_refused_baa():
    assert (
        claims("We do not currently offer a BAA for Free, Plus or Pro accounts.")[
            "hipaa_baa"
        ].polarity
        == "negative"
    )


def test_retention_the_customer_sets_is_a_retention_claim():
    assert "retention_zdr" in claims(
        "Admins can customize when transcripts are auto-deleted."
    )


def test_retention_that_stops_on_a_plan_is_conditional():
    text = "Prompts are retained for 30 days for safety, but not when using the business plan."
    assert claims(text)["retention_zdr"].polarity == "conditional"


def test_data_stored_in_china_is_a_residency_claim():
    assert "data_residency" in claims(
        "All conversations are stored on servers in China."
    )


@pytest.mark.parametrize(
    "text, dimension, polarity",
    [
        ("Your data stays yours: we won't train on it.", "training_on_customer_data", "positive"),
        ("We never use what you type to teach our AI.", "training_on_customer_data", "positive"),
        ("Everything you type may be used to make our AI smarter.", "training_on_customer_data", "negative"),
        ("We sign data processing agreements with all business customers.", "gdpr_dpa", "positive"),
        ("Your workspace data lives in the EU.", "data_residency", "positive"),
        ("Enterprise customers can pick an EU or US data region.", "data_residency", "conditional"),
        ("We can't guarantee where your data is processed.", "data_residency", "negative"),
        ("Data is processed in the US regardless of where you are.", "data_residency", "negative"),
        ("Nothing you send is written to disk.", "retention_zdr", "positive"),
        ("Requests are processed in memory and discarded.", "retention_zdr", "positive"),
    ],
)
def test_paraphrases_and_plural_nouns_are_read(text, dimension, polarity):
    assert claims(text)[dimension].polarity == polarity


def test_making_the_model_follow_a_schema_is_not_training():
    assert "training_on_customer_data" not in claims("Structured outputs make the model follow a JSON schema.")


@pytest.mark.parametrize(
    "text",
    [
        "We have contractual commitments that prevent our AI providers from training on your data.",
        "Our AI subprocessors are contractually prohibited from using your data to train their models.",
    ],
)
def test_negation_without_not_and_subprocessors_as_the_subject_of_training(text):
    found = claims(text)
    assert set(found) == {"training_on_customer_data"}
    assert found["training_on_customer_data"].polarity == "positive"

"""Polarity cues: when "may" is a condition, requirements as conditions, hedges, negation scope.

Each case pairs a pattern with a look-alike that must keep its polarity.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest import cues
from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.questions.art53 import art53_facts


def polarity(text, dimension):
    found = {c.dimension: c.polarity for c in extract_claims(text)}
    assert dimension in found, found
    return found[dimension]


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("Abuse logs may contain prompts and are kept for up to 30 days.", "retention_zdr"),
        ("Requests may be retained for up to 30 days to investigate misuse.", "retention_zdr"),
        ("Personal data may be processed in Canada and the United States.", "data_residency"),
        ("Customers may download the SOC 2 report from our trust portal.", "soc2_type2"),
        ("Admins may choose the region where workspace data is stored at rest.", "data_residency"),
    ],
)
def test_a_may_that_states_a_possibility_is_not_a_condition(text, dimension):
    assert polarity(text, dimension) == "positive"


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("Customers may apply for modified abuse monitoring.", "retention_zdr"),
        ("Retention periods may vary depending on your plan.", "retention_zdr"),
        ("Some preview models may not be covered by the data residency commitments.", "data_residency"),
        ("Global deployments may process prompts in any geography.", "data_residency"),
    ],
)
def test_a_may_that_offers_an_option_or_limits_coverage_is_a_condition(text, dimension):
    assert polarity(text, dimension) == "conditional"


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("Turning on zero data retention requires disabling prompt caching.", "retention_zdr"),
        ("You still need a signed BAA before sending PHI to the service.", "hipaa_baa"),
        ("Customer must have executed a Business Associate Agreement first.", "hipaa_baa"),
        ("Bodies are not stored, provided ZDR is enabled for your organization.", "retention_zdr"),
        ("Generative features are covered once the BAA is accepted.", "hipaa_baa"),
        ("Zero data retention requires an enterprise contract.", "retention_zdr"),
        ("Data residency is only offered in the regions listed below.", "data_residency"),
        ("Prompts are not stored for customers with an approved zero retention agreement.", "retention_zdr"),
        ("Flagged content may be kept for two years where it is flagged as abusive.", "retention_zdr"),
    ],
)
def test_a_requirement_the_customer_must_meet_is_a_condition(text, dimension):
    assert polarity(text, dimension) == "conditional"


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("Customers that need EU residency can deploy in the EU Data Zone.", "data_residency", "positive"),
        ("Our DPA is provided to all customers through the online terms.", "gdpr_dpa", "positive"),
        (
            "Bedrock is HIPAA eligible, and you don't need anything beyond the standard BAA.",
            "hipaa_baa",
            "positive",
        ),
        ("You can request our SOC 2 Type II report through the Trust Center.", "soc2_type2", "positive"),
    ],
)
def test_look_alikes_of_a_requirement_keep_their_polarity(text, dimension, expected):
    assert polarity(text, dimension) == expected


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("From what I heard, the vendor is likely to sign a BAA for hospitals.", "hipaa_baa"),
        ("As far as I know the service retains nothing, but double check with support.", "retention_zdr"),
        ("I believe they keep API logs for 30 days, but I might be wrong.", "retention_zdr"),
        ("Rumour has it they will publish the Art. 53 summary next month.", "art53_summary"),
    ],
)
def test_a_hedged_statement_is_unclear(text, dimension):
    assert polarity(text, dimension) == "unclear"


def test_a_plain_statement_with_a_weak_hedge_keeps_its_polarity():
    text = "As far as I know the vendor doesn't offer a BAA, so don't send PHI."
    assert polarity(text, "hipaa_baa") == "negative"


def test_a_negation_in_a_second_predicate_does_not_reach_the_first():
    text = "Your data remains within the Region you select, and is not shared with model providers."
    assert polarity(text, "data_residency") == "positive"
    # "not shared with model providers" is a data-sharing statement, not a training claim (LABELS.md)
    assert "training_on_customer_data" not in {c.dimension for c in extract_claims(text)}


def test_a_certification_on_the_roadmap_is_neither_held_nor_refused():
    assert polarity("ISO/IEC 42001 certification is on our roadmap.", "iso_42001") == "conditional"
    assert polarity("We are not ISO/IEC 42001 certified yet; it is on our roadmap.", "iso_42001") == "negative"


def test_we_publish_a_summary_reads_as_published():
    assert art53_facts("We publish a summary of the content used to train our models.") == {
        "summary_published": True
    }
    assert art53_facts("We will publish a summary of the training content.") == {}


@given(st.text(max_size=300))
def test_sentences_cover_any_text_in_order_and_each_position_has_one_clause(text):
    spans = cues.sentences(text)
    assert all(0 <= a.start < a.end <= len(text) for a in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    # Only sentence breaks fall between sentences: whitespace, and quotes or brackets closing a sentence.
    covered = {i for span in spans for i in range(span.start, span.end)}
    assert all(text[i].isspace() or text[i] in "\"'”’)]" for i in range(len(text)) if i not in covered)
    for sentence in spans:
        for position in {sentence.start, (sentence.start + sentence.end) // 2, sentence.end - 1}:
            clause = cues.clause_of(text, sentence, position)
            assert sentence.start <= clause.start <= position < clause.end <= sentence.end


@given(st.text(max_size=300))
def test_a_plain_negation_reads_as_negated_after_any_text(text):
    assert cues.negated(f"{text} We do not train on it.")


def test_being_subject_to_an_existing_document_is_not_a_condition():
    assert (
        polarity("Your use of the Services is subject to the Data Processing Addendum.", "gdpr_dpa")
        == "positive"
    )
    assert (
        polarity("Preview features are subject to separate terms and the DPA.", "gdpr_dpa") == "conditional"
    )


def test_a_prohibition_without_an_agreement_makes_the_agreement_a_condition():
    assert polarity("Without a BAA, you must not send PHI to the API.", "hipaa_baa") == "conditional"


def test_limited_exceptions_make_a_commitment_conditional():
    text = "The EU Data Boundary applies to resources deployed in an EU region, with limited exceptions."
    assert polarity(text, "data_residency") == "conditional"


def test_a_denied_option_to_turn_off_abuse_monitoring_is_negative_unless_a_condition_opens_it():
    assert polarity("There is no option to disable abuse monitoring.", "retention_zdr") == "negative"
    text = (
        "Customers cannot opt out of abuse monitoring unless they are approved for modified abuse monitoring."
    )
    assert polarity(text, "retention_zdr") == "conditional"


def test_a_table_row_saying_never_for_training_is_the_good_answer():
    assert polarity("Training on your data: Never", "training_on_customer_data") == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "It appears that the vendor now stores all data in the EU.",
        "The vendor states that it does not use API data for training; I haven't verified this myself.",
    ],
)
def test_second_hand_or_unverified_statements_are_unclear(text):
    assert {c.polarity for c in extract_claims(text)} == {"unclear"}


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("Everything you need to know about our DPA and GDPR.", "gdpr_dpa", "positive"),
        ("Do you need a BAA? We sign them for all enterprise customers.", "hipaa_baa", "positive"),
        ("Customers should sign a BAA before sending PHI.", "hipaa_baa", "conditional"),
        ("Data may not be stored in the EU for every model.", "data_residency", "conditional"),
        ("You may not use the Services to process PHI.", "hipaa_baa", "negative"),
    ],
)
def test_need_should_and_may_not_are_read_in_context(text, dimension, expected):
    assert polarity(text, dimension) == expected


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        (
            "Abuse monitoring may be turned off for customers approved for modified abuse monitoring.",
            "retention_zdr",
        ),
        ("We will only sign a BAA with customers who have an enterprise agreement.", "hipaa_baa"),
    ],
)
def test_naming_which_customers_qualify_makes_a_claim_conditional(text, dimension):
    assert polarity(text, dimension) == "conditional"


def test_a_negation_before_and_a_new_subject_does_not_reach_the_next_statement():
    assert polarity("We do not sell your data, and we will sign a DPA on request.", "gdpr_dpa") == "positive"


def test_an_option_that_is_not_the_default_is_a_condition_not_a_denial():
    text = "ZDR is not the default; you must request it through your account manager."
    assert polarity(text, "retention_zdr") == "conditional"


def test_out_of_scope_is_a_denial():
    assert polarity("Bedrock is out of scope for ISO 42001 at this time.", "iso_42001") == "negative"


def test_an_opinion_or_advice_is_not_a_hedge():
    text = "The vendor has a Trust Portal. If you research privacy, I think it is a good place to start."
    assert polarity(text, "trust_center") == "positive"


def test_a_claim_that_excludes_part_of_the_offer_in_another_sentence_is_conditional():
    text = "Acme offers a BAA for its API. Consumer plans are not covered by the BAA."
    assert polarity(text, "hipaa_baa") == "conditional"


def test_a_denial_next_to_a_general_statement_of_the_law_stays_negative():
    text = "Acme does not offer a BAA. HIPAA requires covered entities to sign BAAs with their vendors."
    assert polarity(text, "hipaa_baa") == "negative"


def test_an_invitation_to_ask_is_not_a_condition():
    assert (
        polarity("If you need more information about our DPA, see the privacy page.", "gdpr_dpa")
        == "positive"
    )


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        (
            "Our SOC 2 Type II report is available to customers who have signed an NDA.",
            "soc2_type2",
            "positive",
        ),
        ("SOC 2 Type 2 attestation is expected by the end of the year.", "soc2_type2", "conditional"),
        ("We are certified to ISO 27001; certification for ISO 42001 is underway.", "iso_42001", "conditional"),
        (
            "The GDPR requires a DPA between controller and processor, and we provide one.",
            "gdpr_dpa",
            "positive",
        ),
        (
            "Signing the DPA is required before you can transfer personal data to us.",
            "gdpr_dpa",
            "conditional",
        ),
    ],
)
def test_expectations_work_underway_and_the_law_are_read_apart_from_requirements(text, dimension, expected):
    assert polarity(text, dimension) == expected


def test_a_denial_inside_a_list_of_purposes_keeps_training_off():
    text = "We may use Customer Content to provide and maintain the Services, but not to train our models."
    assert polarity(text, "training_on_customer_data") == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft has said it will likely sign the Code of Practice.",
        "DeepSeek has not said whether it will sign the Code of Practice.",
        "A spokesperson declined to comment on whether it will sign the Code of Practice.",
    ],
)
def test_a_likely_or_unannounced_decision_is_unclear(text):
    assert polarity(text, "gpai_cop") == "unclear"


def test_the_law_described_after_an_intro_phrase_is_no_vendor_claim():
    text = "Under Article 53, providers must publish a sufficiently detailed summary of the content used for training."
    assert extract_claims(text) == []


@pytest.mark.parametrize(
    ("text", "dimension", "expected"),
    [
        ("Customers subject to HIPAA must first enter into a BAA with us.", "hipaa_baa", "conditional"),
        ("Our BAA is available to eligible customers on a case-by-case basis.", "hipaa_baa", "conditional"),
        (
            "If you are located in the EU, Acme Ireland acts as the processor of your data.",
            "gdpr_dpa",
            "positive",
        ),
    ],
)
def test_agreements_to_enter_and_case_by_case_offers_are_conditions_but_location_is_not(
    text, dimension, expected
):
    assert polarity(text, dimension) == expected


def test_defining_zero_retention_as_not_storing_is_not_a_denial():
    text = "Zero data retention means we don't store prompts or completions at all."
    assert polarity(text, "retention_zdr") == "positive"


def test_custom_retention_periods_are_a_condition():
    text = "Enterprise workspaces can set custom data retention periods, including zero."
    assert polarity(text, "retention_zdr") == "conditional"


def test_waiting_for_an_answer_is_unclear():
    text = "We reached out to OpenAI about ISO 42001 and are waiting to hear back."
    assert polarity(text, "iso_42001") == "unclear"


def test_doubting_the_question_is_not_doubting_the_answer():
    text = "Not sure why people keep asking, OpenAI clearly states they don't train on API data."
    assert polarity(text, "training_on_customer_data") == "positive"

"""Other vendors' ways of saying the same things: the rule families widened for generality."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.extractor import extract_claims


def claims(text):
    return {c.dimension: c for c in extract_claims(text)}


def claim(text, dimension):
    found = claims(text)
    assert dimension in found, (text, found)
    return found[dimension]


# --- training on customer data ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The third-party model providers don't have any access to the accounts where inference runs.",
        "Because the model runs inside your account, Cohere never sees the prompts you send.",
    ],
)
def test_a_developer_that_cannot_see_the_data_is_no_training_claim(text):
    # LABELS.md: "the model provider never sees your data" is a data-sharing claim, not a training one.
    assert "training_on_customer_data" not in claims(text)


def test_training_on_whose_data_counts_even_for_an_informal_noun():
    found = claim("Relax, the API doesn't train on your stuff.", "training_on_customer_data")
    assert found.polarity == "positive"


def test_a_model_trained_on_public_corpora_is_not_about_customer_data():
    assert "training_on_customer_data" not in claims(
        "The base model was trained on publicly available web pages and licensed datasets."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Pro users can choose whether their chats are used to improve our models.",
        "We use business inputs to train our models only if you join the data sharing programme.",
    ],
)
def test_training_that_waits_for_the_customers_choice_is_conditional_with_opt_in(text):
    found = claim(text, "training_on_customer_data")
    assert found.polarity == "conditional"
    assert found.facts.get("opt_in_required") is True


def test_an_opt_out_in_the_next_sentence_is_still_recorded():
    found = claim(
        "On the free plan your chats may be used to improve our models. You can turn this off in Settings.",
        "training_on_customer_data",
    )
    assert found.polarity == "conditional"  # trained on unless you opt out (docs/labels.md)
    assert found.facts.get("opt_out_available") is True


@pytest.mark.parametrize(
    "text",
    [
        "Users can disable the use of their conversations for training in the privacy settings.",
        "You may object to this use of your content for training at any time.",
    ],
)
def test_ways_to_switch_training_off_are_opt_outs(text):
    assert claim(text, "training_on_customer_data").facts.get("opt_out_available") is True


def test_a_purpose_listed_among_others_still_reads_as_use_for_improvement():
    found = claim(
        "We use the content you submit to provide, maintain, and improve our products.",
        "training_on_customer_data",
    )
    assert found.polarity == "negative"


# --- retention / ZDR -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Zero data retention is available; contact your account team to set it up.",
        "Customers can sign a ZDR addendum with us.",
        "Logs are kept for 30 days; you can opt out of data logging by contacting support.",
    ],
)
def test_who_to_contact_or_what_to_sign_means_zdr_needs_approval(text):
    facts = claim(text, "retention_zdr").facts
    assert facts.get("zdr_available") is True
    assert facts.get("zdr_requires_approval") is True


def test_an_application_state_is_not_an_application_for_approval():
    facts = claim(
        "The API stores application state for 30 days; set store to false to keep nothing.", "retention_zdr"
    ).facts
    assert "zdr_requires_approval" not in facts


@pytest.mark.parametrize(
    "text",
    [
        "Inputs are cached for up to 24 hours. Caching is on by default and can be turned off per project.",
        "Prompts are logged for 30 days; customers who have been granted an exception are not logged.",
    ],
)
def test_a_retention_period_that_can_be_switched_off_is_conditional(text):
    found = claim(text, "retention_zdr")
    assert found.polarity == "conditional"
    assert found.facts.get("zdr_available") is True


def test_a_deletion_the_user_starts_is_not_a_condition():
    found = claim("If you delete a chat, it is erased from our back end within 30 days.", "retention_zdr")
    assert found.polarity == "positive"
    assert found.facts["retention_days"] == 30


def test_data_deleted_at_once_is_a_retention_claim():
    assert claim(
        "Inputs are deleted immediately after the answer is returned.", "retention_zdr"
    ).polarity == ("positive")


@pytest.mark.parametrize(
    "text",
    [
        "Logging is off by default; when you enable it, logs go to your own bucket.",
        "To achieve zero retention, disable caching and request an exception for abuse logging.",
    ],
)
def test_what_the_customer_must_switch_on_or_ask_for_makes_retention_conditional(text):
    assert claim(text, "retention_zdr").polarity == "conditional"


# --- residency -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("The vendor launched EU data residency for the API last month.", ["EU"]),
        ("Requests may be routed to other EU Regions within the same geography.", ["EU"]),
        ("Gemini is hosted in several European regions.", ["Europe"]),
        ("Data residency: US only", ["US"]),
        ("Our services run on servers in the Netherlands and Ireland.", ["Netherlands", "Ireland"]),
    ],
)
def test_regions_named_before_a_residency_noun_or_after_a_place_verb(text, regions):
    assert claim(text, "data_residency").facts.get("regions") == regions


@pytest.mark.parametrize(
    "text",
    [
        "Processing happens in the region you selected when you created the endpoint.",
        "Data in a dataset stays in the location you chose when creating it.",
    ],
)
def test_a_region_the_customer_chose_is_selectable(text):
    assert claim(text, "data_residency").facts.get("region_selectable") is True


def test_a_regional_data_centre_is_a_residency_claim():
    assert claim("We do not have a European data center yet.", "data_residency").polarity == "negative"


# --- attestations, DPA, HIPAA ----------------------------------------------------------------------


def test_a_non_disclosure_agreement_written_out_requires_an_nda():
    facts = claim(
        "Our SOC 2 Type II report is shared after you accept a non-disclosure agreement.", "soc2_type2"
    ).facts
    assert facts.get("requires_nda") is True


def test_asking_for_the_report_makes_it_available_on_request():
    facts = claim("We are SOC 2 Type 2 compliant; request the report from our team.", "soc2_type2").facts
    assert facts.get("available_on_request") is True


def test_working_toward_a_certificate_is_neither_having_nor_refusing_it():
    assert claim("We are working toward ISO 27001 certification.", "iso_27001").polarity == "conditional"


def test_a_law_named_after_subject_to_is_not_a_condition():
    found = claim("The service is covered by our BAA for customers subject to HIPAA.", "hipaa_baa")
    assert found.polarity == "positive"


def test_a_negated_circumstance_does_not_negate_the_commitment():
    found = claim(
        "Where a transfer is not covered by an adequacy decision, the Standard Contractual Clauses apply.",
        "gdpr_dpa",
    )
    assert found.polarity == "positive"


def test_a_dpa_that_applies_to_a_named_product_covers_it():
    facts = claim("The Data Processing Addendum applies to Vertex AI.", "gdpr_dpa").facts
    assert facts.get("dpa_covers_service") is True


def test_a_condition_that_must_first_be_in_place_is_conditional():
    assert claim("We can sign a BAA once zero retention is in place.", "hipaa_baa").polarity == "conditional"


def test_an_unanswered_forum_question_stays_unclear():
    assert claim("Does the vendor sign BAAs? We got no reply from sales.", "hipaa_baa").polarity == "unclear"


# --- trust-portal status rows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "polarity"),
    [
        ("SOC 2 Type II: Yes", "soc2_type2", "positive"),
        ("ISO 27001: In progress", "iso_27001", "conditional"),
        ("GDPR DPA: Available", "gdpr_dpa", "positive"),
        ("HIPAA BAA: Not available", "hipaa_baa", "negative"),
        ("Training on customer data: No", "training_on_customer_data", "positive"),
        ("Training on customer data: Yes", "training_on_customer_data", "negative"),
    ],
)
def test_a_status_row_takes_its_polarity_from_the_cell(text, dimension, polarity):
    assert claim(text, dimension).polarity == polarity


@given(
    st.sampled_from(["Yes", "Available", "Supported", "Certified", "✓"]), st.sampled_from([":", " -", " |"])
)
def test_any_yes_cell_makes_a_certification_row_positive(word, separator):
    assert claim(f"ISO/IEC 42001{separator} {word}", "iso_42001").polarity == "positive"


# --- GPAI Code of Practice and Art. 53 -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The company signed the Safety and Security chapter of the Code of Practice only.",
        "It said it would sign part of the EU code of practice, namely the safety chapter.",
    ],
)
def test_signing_one_chapter_is_partial(text):
    assert claim(text, "gpai_cop").facts.get("signatory_status") == "partial"


def test_a_signatory_of_the_capitalised_code_is_a_signatory():
    assert claim("Cohere is a signatory of the Code.", "gpai_cop").facts.get("signatory_status") == "full"


@pytest.mark.parametrize(
    "text",
    [
        "The General-Purpose AI Code of Practice was published in July and has three chapters.",
        "Providers of general-purpose AI models must publish a summary of the content used for training.",
        "The regulator said providers who have not signed the Code will need to show compliance otherwise.",
    ],
)
def test_a_description_of_the_rules_is_no_vendors_claim(text):
    found = claims(text)
    assert "gpai_cop" not in found
    assert "art53_summary" not in found


def test_a_page_that_provides_the_summary_publishes_it():
    facts = claim(
        "This page provides the public summary of training content for our models under Article 53.",
        "art53_summary",
    ).facts
    assert facts.get("summary_published") is True


@pytest.mark.parametrize(
    "text",
    [
        "Audit logs are retained for 400 days and can be exported.",
        "Billing records are kept for seven years to meet tax obligations.",
    ],
)
def test_how_long_account_records_are_kept_is_not_about_customer_content(text):
    assert "retention_zdr" not in claims(text)


def test_not_having_a_baa_programme_means_no_baa():
    found = claim("No, we don't have a BAA program at this time.", "hipaa_baa")
    assert found.polarity == "negative"
    assert found.facts.get("baa_available") is False


def test_a_negation_in_a_coordinated_predicate_stays_with_its_own_claim():
    found = claims("We are SOC 2 Type II compliant, use encryption everywhere, and never train on your data.")
    assert found["soc2_type2"].polarity == "positive"
    assert found["training_on_customer_data"].polarity == "positive"

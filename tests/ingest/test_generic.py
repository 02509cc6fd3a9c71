"""Statements about a kind of thing, the law or the reader's vendor claim nothing (issue 14; docs/labels.md).

Every sentence is invented for the tests, after the patterns of the guide and the issue; none is taken
from a labelled set.
"""

from __future__ import annotations

import pytest

from trustreg.ingest import generic
from trustreg.ingest.extractor import extract_claims


def found(text):
    return {c.dimension: c.polarity for c in extract_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        # the law or an authority as the subject
        "HIPAA requires covered entities to have a BAA with every business associate.",
        "The GDPR applies to any company that processes the personal data of people in the EU.",
        "The Commission adopted new Standard Contractual Clauses in June 2021.",
        "Schrems II made transfers to the United States harder for European companies.",
        # a role or a kind of organisation in general
        "Auditors issue a SOC 2 report after testing the controls.",
        "Under Article 28, the controller must sign a contract with each processor.",
        "Processors must notify controllers before engaging a new sub-processor.",
        "Controllers remain responsible for choosing processors that give sufficient guarantees.",
        "Enterprises in regulated industries often need their data to stay in the EU.",
        "Model providers can choose whether to sign the Code of Practice.",
        # a doing as the subject, and advice about the reader's vendor
        "Signing the Code is voluntary, but signatories benefit from more legal certainty.",
        "Make sure your AI provider offers a BAA before sending patient data.",
        "Ask your vendor whether they will sign a DPA.",
    ],
)
def test_the_law_a_kind_of_organisation_or_advice_to_the_reader_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text",
    [
        "A SOC 2 Type II report covers how controls operated over a period of three to twelve months.",
        "SOC 2 Type I looks at a single point in time, while Type II covers a period.",
        "ISO 27001 certification typically costs between $20,000 and $50,000.",
        "A trust center page is now expected by most enterprise buyers.",
        "A BAA alone does not make a tool HIPAA compliant.",
        "A data processing agreement sets out how a processor handles personal data.",
        "The EU-US Data Privacy Framework replaced the Privacy Shield.",
        "A sub-processor is any third party that processes personal data for a processor.",
    ],
)
def test_the_questions_term_as_the_unowned_subject_of_a_description_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Acme's ISO 27001 certificate covers all production systems.", {"iso_27001": "positive"}),
        ("Our DPA is incorporated into the Terms of Service.", {"gdpr_dpa": "positive"}),
        ("Customers can download our list of sub-processors.", {"gdpr_dpa": "positive"}),
        ("Acme does not sign BAAs.", {"hipaa_baa": "negative"}),
        ("Acme refused to sign the EU's Code of Practice.", {"gpai_cop": "negative"}),
        ("We can sign a Data Processing Addendum on request.", {"gdpr_dpa": "positive"}),
        ("If your cloud account does not have ZDR enabled, your provider may keep data for 30 days.", {"retention_zdr": "conditional"}),
    ],
)
def test_the_same_words_said_of_an_offering_still_claim(text, expected):
    assert found(text) == expected, text


def test_a_described_term_owned_by_a_name_or_said_by_the_vendor_is_no_description():
    assert generic.describes_term("A SOC 2 report covers the period of a year.", "SOC 2")
    assert not generic.describes_term("The Acme SOC 2 report covers the API.", "SOC 2")
    assert not generic.describes_term("Our SOC 2 report covers the API.", "SOC 2")
    assert not generic.describes_term("The SOC 2 report covers the API and the dashboard.", "SOC 2")


@pytest.mark.parametrize(
    "text",
    [
        "SOC 2 reports are issued by licensed CPA firms.",
        "The SOC 2 Trust Services Criteria include security, availability and confidentiality.",
        "An ISO 42001 certificate is valid for three years, with annual surveillance audits.",
        "Procurement teams typically ask for a trust center link early in the deal.",
        "Learn how to set up a trust center for your startup.",
        "Read our guide to GDPR data processing agreements.",
        "Sharing PHI with a tool that has no BAA can lead to fines.",
        "A DPA is required whenever a processor handles personal data on your behalf.",
        "Standard Contractual Clauses are one of the transfer tools listed in Article 46.",
        "Signatories of the Code commit to publishing a copyright policy.",
        "Vendors should publish a list of subprocessors and notify customers of changes.",
        "Healthcare organizations must sign a BAA with any vendor that touches PHI.",
        "ISO 27001 is an international standard for information security management.",
    ],
)
def test_a_guides_topic_a_risk_put_to_the_reader_or_what_signatories_do_claims_nothing(text):
    assert found(text) == {}, text


def test_a_vendors_own_requirement_on_its_customers_is_still_a_claim():
    assert found("Organizations must have a qualifying use case to be approved for zero data retention.")


@pytest.mark.parametrize(
    "text",
    [
        "The Irish DPA fined Meta 1.2 billion euros over transfers to the US.",
        "Italy's data protection authority (DPA) temporarily banned ChatGPT in 2023.",
        "More than 25 companies have signed the GPAI Code of Practice so far.",
        "Compare SOC 2 status across twenty AI vendors.",
        "For a deeper look at data residency, see our earlier post.",
        "Security reviews often stall when a vendor cannot produce a SOC 2 report.",
        "Data Processing Agreement (DPA) template for SaaS companies",
        "An ISO 27001 audit has two stages.",
    ],
)
def test_a_regulator_enforcing_a_count_of_companies_or_a_case_of_a_vendor_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text",
    [
        "This review covers the areas buyers care about: retention, DPA terms, EU data residency, HIPAA and training.",
        "Before rolling out a tool, validate the plan, DPA, subprocessors and residency settings.",
        "Where personal data leaves the EEA, Standard Contractual Clauses provide the legal basis for the transfer.",
        "Simple rule: no BAA means no patient data, however good the security looks.",
        "Do you hold ISO 27001 or SOC 2? Attach the certificate or a link to your trust center.",
        "Standard DPAs were drafted for classic SaaS, not for models that learn from prompts.",
    ],
)
def test_a_list_of_topics_a_maxim_a_questionnaire_or_a_kind_of_document_claims_nothing(text):
    assert found(text) == {}, text


def test_a_document_at_hand_or_a_vendors_own_feature_is_no_description():
    assert found("This DPA includes the Standard Contractual Clauses for transfers to third countries.") == {
        "gdpr_dpa": "positive"
    }
    assert not generic.describes_term("Residency covers data at rest only.", "Residency")


@pytest.mark.parametrize(
    "text",
    [
        "Is there a BAA for the free tier? Asking for a clinic.",
        "Article 53 of the AI Act applies from August 2025.",
        "SOC 2 audits are expensive for small startups.",
        "The subprocessor notification period is usually 30 days in most DPAs.",
        "European regulators want AI companies to keep data in Europe.",
    ],
)
def test_an_unanswered_question_the_law_in_force_a_cost_or_what_regulators_want_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Q: Where is my data stored? A: In our Frankfurt data center.", {"data_residency": "positive"}),
        ("HIPAA BAA: Enterprise only", {"hipaa_baa": "conditional"}),
        ("Acme holds ISO 27001 and is pursuing ISO 42001.", {"iso_27001": "positive", "iso_42001": "conditional"}),
        ("We do not currently hold a SOC 2 report; our audit is in progress.", {"soc2_type2": "negative"}),
    ],
)
def test_an_answer_a_plan_cell_and_a_pursuit_that_belongs_to_one_certificate(text, expected):
    assert found(text) == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "A SOC 2 report won't tell you whether your prompts are used for training.",
        "Request the vendor's SOC 2 bridge letter if the report is older than a year.",
        "ISO 42001 certification is still rare among AI startups.",
        "EU data residency sounds simple but involves backups, logs and support access.",
        "The list of GPAI Code signatories is published on the Commission's website.",
        "A trust center is only as good as the documents in it.",
    ],
)
def test_what_a_report_cannot_tell_how_rare_a_certificate_is_or_advice_to_ask_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Acme lets enterprise admins choose between US and EU data residency.", {"data_residency": "conditional"}),
        (
            "Gemini in Workspace is covered by Google's BAA, but the consumer Gemini app is not.",
            {"hipaa_baa": "conditional"},
        ),
        (
            "Direct to the model makers: processed in the provider's region, typically US unless you've configured "
            "an EU region.",
            {"data_residency": "conditional"},
        ),
    ],
)
def test_a_plan_that_chooses_a_product_left_out_or_a_named_providers_region_still_claim(text, expected):
    assert found(text) == expected, text


def test_a_standard_named_in_the_definition_of_another_claims_nothing_but_its_own_subject_can():
    assert found("A SOC 1 report is the financial-controls counterpart of the SOC 2 report.") == {}
    assert found("An ISO 27017 certificate is an extension of ISO 27001 for cloud services.") == {}
    assert not generic.defines_a_standard("ISO 27001 is the security baseline we hold.", "ISO 27001")


@pytest.mark.parametrize(
    "text",
    [
        "Data residency is one of the top three concerns in our survey of European CIOs.",
        "Most LLM APIs are hosted in US regions by default.",
        "Before 2023, few AI vendors offered any regional hosting at all.",
        "The new EU-US framework makes transfers easier but does not settle residency questions.",
        "If you are a covered entity, you need a BAA before using any AI tool with PHI.",
        "HIPAA compliance for AI scribes: a practical guide",
        "Your DPA should name every subprocessor and its location.",
        "Trust portals such as SafeBase and Vanta Trust Center let buyers request documents.",
        "EU data residency explained",
    ],
)
def test_a_survey_a_kind_of_api_a_title_or_the_readers_own_contract_claims_nothing(text):
    assert found(text) == {}, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Acme will sign a BAA only after a security review.", {"hipaa_baa": "conditional"}),
        (
            "Acme has signed the transparency and copyright chapters but not the safety chapter.",
            {"gpai_cop": "conditional"},
        ),
        ("Some preview models may not be covered by the data residency commitments.", {"data_residency": "conditional"}),
    ],
)
def test_a_review_first_a_chapter_left_out_and_models_left_out_are_conditional(text, expected):
    assert found(text) == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "SOC 2 Type 1 vs Type 2: what's the difference?",
        "We recommend choosing a vendor that offers EU data residency.",
        "Auditing an AI vendor's ISO 42001 scope takes time.",
        "A data processing agreement is sometimes called a data protection addendum.",
    ],
)
def test_a_comparison_heading_advice_on_vendors_or_another_name_for_a_document_claims_nothing(text):
    assert found(text) == {}, text


def test_data_never_moved_elsewhere_stays_where_it_is():
    assert found("We store all customer data in the EU and never move it elsewhere.") == {"data_residency": "positive"}

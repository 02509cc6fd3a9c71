"""Residency's words used without a claim: where a company or a person is, a purpose, a case put
(sentences invented for the tests)."""

from __future__ import annotations

from trustreg.ingest.questions import residency_claims
from trustreg.ingest.questions.base import Mention


def test_where_a_company_or_a_person_is_says_nothing_of_where_data_is():
    from trustreg.ingest.extractor import extract_claims

    assert extract_claims("Mistral AI is a startup located in Paris.") == []
    assert [(c.dimension, c.polarity) for c in extract_claims("Our servers are located in Frankfurt.")] == [
        ("data_residency", "positive")
    ]


def test_a_purpose_or_a_case_names_no_residency():
    from trustreg.ingest.extractor import extract_claims

    assert extract_claims("Designed for data residency and compliance, the Acme suite keeps teams secure.") == []
    assert extract_claims("Which model we use depends on whether you have a regionally hosted workspace.") == []


def test_a_place_named_for_a_company_is_no_mention_of_where_data_is():
    sentence = "Mistral AI is a startup located in Paris."
    assert not residency_claims.claims(Mention("residency.location", sentence, sentence, "located in Paris"))
    sentence = "Our servers are located in Paris."
    assert residency_claims.claims(Mention("residency.location", sentence, sentence, "located in Paris"))

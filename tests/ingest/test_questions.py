"""The question table: one module per question, each holding its rules, run by one engine."""

from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.questions import DIMENSIONS, QUESTIONS, RULES
from trustreg.registry import named_dimensions


def test_the_questions_are_the_catalogues_dimensions():
    known = named_dimensions.catalogue_ids()
    assert known is not None
    assert set(DIMENSIONS) <= known
    assert len(DIMENSIONS) == len(set(DIMENSIONS)) == 11


def test_every_rule_belongs_to_the_question_that_holds_it():
    for dimension, question in QUESTIONS.items():
        assert question.rules
        assert {rule.dimension for rule in question.rules} == {dimension}
    assert len(RULES) == sum(len(q.rules) for q in QUESTIONS.values())


def test_a_rules_context_check_sits_with_the_rule():
    # soc2's check: "audit reports" are SOC reports only where a trust portal offers them.
    assert not extract_claims("Audit reports are shared with the board each quarter.")
    found = extract_claims("Audit reports are available in our Trust Center.")
    assert "soc2_type2" in [c.dimension for c in found]


def test_only_certifications_and_contracts_are_read_from_a_bare_heading():
    badges = {d for d, q in QUESTIONS.items() if q.badge}
    assert badges == {"soc2_type2", "iso_27001", "iso_42001", "hipaa_baa"}
    assert [c.dimension for c in extract_claims("SOC 2 Type II")] == ["soc2_type2"]
    assert extract_claims("Data residency options") == []

"""The fit check's rules, without a database: verdicts, steps from data, and profile parsing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustreg.domain.cells import CellRecord, SourceRef, resolve_cell
from trustreg.domain.fit import (
    FactTest,
    OfferingFit,
    ProfileError,
    Requirement,
    StepCatalogue,
    StepWording,
    Verdict,
    evaluate_requirement,
    parse_profile,
)
from trustreg.domain.strength import EvidenceStrength, Strength


def strength(kind: Strength) -> EvidenceStrength:
    return EvidenceStrength(kind, f"because {kind.value}", None, None, None)


SOLID = strength(Strength.PRIMARY_QUOTED)
PRIMARY = (SourceRef(url="https://vendor.example/doc", kind="vendor_doc", primary=True, quote="q"),)
STEPS = StepCatalogue(
    qualifiers={
        "route": {"sales_contract": StepWording("Ask {party}'s sales team to add {question}.")},
        "default": {"requires_approval": StepWording("Apply to {party}: {detail}.", ("how_to_get",))},
    },
    proof_fact="verification", proof_text="Prove it is on: {detail}.",
)


def _cell(bundled, dim_id, record):
    dim = bundled.catalogue.get(dim_id)
    party_cells = {("platform", dim_id): record} if record else {}
    return resolve_cell(dim, developer_id="platform", platform_id="platform", offering_cell=None, scope=None,
                        party_cells=party_cells)


def _evaluate(bundled, req, record, evidence=SOLID):
    return evaluate_requirement(req, _cell(bundled, req.question, record), evidence, STEPS, "Cloud Co")


def test_a_clean_public_yes_with_solid_evidence_meets(bundled):
    res = _evaluate(bundled, Requirement(question="hipaa_baa"), CellRecord(grade="yes_public", sources=PRIMARY))
    assert res.verdict is Verdict.MEETS
    assert res.steps == ()


@pytest.mark.parametrize("grade", ["not_reviewed", "no_public_evidence", "unclear"])
def test_a_grade_that_settles_nothing_is_unknown_never_a_pass(bundled, grade):
    record = None if grade == "not_reviewed" else CellRecord(grade=grade, sources=PRIMARY)
    assert _evaluate(bundled, Requirement(question="hipaa_baa"), record).verdict is Verdict.UNKNOWN


@pytest.mark.parametrize("kind", [Strength.SECONDARY, Strength.EXPIRED, Strength.NO_SOURCE])
def test_weak_evidence_is_unknown_whichever_way_it_points(bundled, kind):
    for grade in ("yes_public", "no"):
        res = _evaluate(bundled, Requirement(question="hipaa_baa"), CellRecord(grade=grade), strength(kind))
        assert res.verdict is Verdict.UNKNOWN
        assert res.reason.endswith(f"but because {kind.value}")


def test_a_primary_source_whose_quote_is_not_yet_checked_still_counts(bundled):
    res = _evaluate(bundled, Requirement(question="hipaa_baa"), CellRecord(grade="yes_public", sources=PRIMARY),
                    strength(Strength.PRIMARY_UNCHECKED))
    assert res.verdict is Verdict.MEETS


def test_a_no_does_not_meet(bundled):
    res = _evaluate(bundled, Requirement(question="hipaa_baa"), CellRecord(grade="no", sources=PRIMARY))
    assert res.verdict is Verdict.DOES_NOT_MEET


def test_a_grade_the_requirement_does_not_accept_does_not_meet(bundled):
    req = Requirement(question="gpai_cop", grades=("yes_public",))
    res = _evaluate(bundled, req, CellRecord(grade="partial", sources=PRIMARY))
    assert res.verdict is Verdict.DOES_NOT_MEET
    assert "does not accept" in res.reason


def test_a_gated_yes_meets_after_the_steps_its_qualifiers_and_facts_name_in_order(bundled):
    record = CellRecord(
        grade="yes_sales_gated", route="sales_contract", default="requires_approval", sources=PRIMARY,
        facts={"how_to_get": "apply for modified abuse monitoring", "verification": "ContentLogging=false"},
    )
    res = _evaluate(bundled, Requirement(question="retention_zdr"), record)
    assert res.verdict is Verdict.MEETS_AFTER_STEPS
    assert res.steps == (
        "Ask Cloud Co's sales team to add Retention / ZDR.",
        "Apply to Cloud Co: apply for modified abuse monitoring.",
        "Prove it is on: ContentLogging=false.",
    )


def test_a_gated_yes_without_recorded_steps_still_says_there_is_something_to_do(bundled):
    res = _evaluate(bundled, Requirement(question="soc2_type2"),
                    CellRecord(grade="yes_sales_gated", summary="Report under NDA.", sources=PRIMARY))
    assert res.verdict is Verdict.MEETS_AFTER_STEPS
    assert "Report under NDA." in res.steps[0]


def test_a_forbidden_qualifier_does_not_meet(bundled):
    req = Requirement(question="soc2_type2", forbid={"route": ("trust_center_nda",)})
    res = _evaluate(bundled, req, CellRecord(grade="yes_public", route="trust_center_nda", sources=PRIMARY))
    assert res.verdict is Verdict.DOES_NOT_MEET


def test_a_fact_test_decides_or_leaves_it_unknown_when_the_fact_is_missing(bundled):
    req = Requirement(question="retention_zdr", grades=("yes_public", "partial"),
                      any_of=(FactTest(fact="zdr_available", equals=True), FactTest(fact="retention_days", at_most=30)))
    short = CellRecord(grade="partial", facts={"retention_days": 30}, sources=PRIMARY)
    long = CellRecord(grade="partial", facts={"retention_days": 90, "zdr_available": False}, sources=PRIMARY)
    silent = CellRecord(grade="partial", sources=PRIMARY)
    assert _evaluate(bundled, req, short).verdict is Verdict.MEETS_AFTER_STEPS  # partial: a weaker yes
    assert _evaluate(bundled, req, long).verdict is Verdict.DOES_NOT_MEET
    missing = _evaluate(bundled, req, silent)
    assert missing.verdict is Verdict.UNKNOWN
    assert "zdr_available" in missing.reason


def test_geography_must_mention_the_region_as_a_word(bundled):
    req = Requirement(question="data_residency", geography_mentions="EU")
    eu = CellRecord(grade="yes_public", geography="EU available (EU Data Boundary)", sources=PRIMARY)
    us = CellRecord(grade="yes_public", geography="US regions; Europe-adjacent (EUR pricing)", sources=PRIMARY)
    assert _evaluate(bundled, req, eu).verdict is Verdict.MEETS
    assert _evaluate(bundled, req, us).verdict is Verdict.DOES_NOT_MEET


def test_the_overall_verdict_is_the_worst_requirement(bundled):
    meets = _evaluate(bundled, Requirement(question="hipaa_baa"), CellRecord(grade="yes_public", sources=PRIMARY))
    unknown = _evaluate(bundled, Requirement(question="gdpr_dpa"), None)
    no = _evaluate(bundled, Requirement(question="soc2_type2"), CellRecord(grade="no", sources=PRIMARY))
    assert OfferingFit("x", (meets,)).verdict is Verdict.MEETS
    assert OfferingFit("x", (meets, unknown)).verdict is Verdict.UNKNOWN
    assert OfferingFit("x", (unknown, no, meets)).verdict is Verdict.DOES_NOT_MEET


def test_a_profile_reports_every_problem_with_its_path():
    with pytest.raises(ProfileError) as err:
        parse_profile({"requirements": [{"question": "hipaa_baa", "grades": ["unclear"], "colour": "red"},
                                        {"question": "no_such_question"}]},
                      {"hipaa_baa"})
    text = "\n".join(err.value.problems)
    assert "requirements.0.grades" in text
    assert "requirements.0.colour" in text


def test_a_profile_naming_an_unknown_or_repeated_question_is_refused():
    with pytest.raises(ProfileError) as err:
        parse_profile({"requirements": [{"question": "nope"}, {"question": "hipaa_baa"}, {"question": "hipaa_baa"}]},
                      {"hipaa_baa"})
    assert err.value.problems == [
        "requirements.0.question: no question 'nope' in the catalogue",
        "requirements.2.question: 'hipaa_baa' is required twice",
    ]


def test_a_fact_test_gives_exactly_one_test():
    with pytest.raises(ProfileError):
        parse_profile({"requirements": [{"question": "retention_zdr", "all_of": [{"fact": "x"}]}]}, {"retention_zdr"})


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
))
def test_any_parsed_data_is_a_profile_or_a_clear_refusal(data):
    try:
        profile = parse_profile(data, {"hipaa_baa", "retention_zdr"})
    except ProfileError as exc:
        assert exc.problems and all(": " in p for p in exc.problems)
    else:
        assert profile.requirements

"""Candidate claims against the bundled azure-openai cells, without a database."""

from __future__ import annotations

import pytest

from trustreg.domain.cells import resolve_cell
from trustreg.ingest.compare import ClaimFacts, compare, resolved_cells, same_fact


@pytest.fixture(scope="module")
def cells(bundled):
    return resolved_cells(bundled, "azure-openai")


def claim(dimension, polarity="positive", facts=None, *, primary=False, date=None, quote=""):
    return ClaimFacts(dimension, polarity, facts or {}, primary, date, quote)


def kinds(result):
    return {f.kind for f in result.findings}


def test_a_matching_polarity_and_fact_agree(cells):
    result = compare(
        claim("training_on_customer_data", facts={"not_available_to_developer": True}),
        cells["training_on_customer_data"],
    )
    assert result.verdict == "agrees"
    assert any("not_available_to_openai" in f.reason for f in result.findings)


def test_a_negative_claim_contradicts_a_yes_grade(cells):
    result = compare(claim("gdpr_dpa", "negative", primary=True), cells["gdpr_dpa"])
    assert result.verdict == "contradicts"


def test_a_secondary_contradiction_is_marked_as_a_lead(cells):
    assert "secondary_only" in kinds(compare(claim("gdpr_dpa", "negative"), cells["gdpr_dpa"]))


def test_a_fact_the_notes_deliberately_leave_out_is_secondary_only_and_stale(cells):
    result = compare(
        claim("retention_zdr", "conditional", {"retention_days": 30}, date="2024-02-09"),
        cells["retention_zdr"],
    )
    assert {"secondary_only", "stale"} <= kinds(result)
    assert result.verdict == "stale"


def test_an_old_document_that_agrees_is_not_stale(cells):
    result = compare(
        claim("training_on_customer_data", date="2020-01-01"), cells["training_on_customer_data"]
    )
    assert result.verdict == "agrees"


def test_a_preview_era_exclusion_is_stale_against_a_ga_cell(cells):
    result = compare(
        claim(
            "gdpr_dpa",
            "negative",
            {"dpa_covers_service": False},
            quote="Azure OpenAI is a Preview and therefore the exclusion clause applies",
        ),
        cells["gdpr_dpa"],
    )
    assert result.verdict == "stale"
    assert any("preview" in f.reason for f in result.findings)


def test_a_fact_differing_from_the_cell_contradicts(cells):
    result = compare(
        claim("retention_zdr", facts={"zdr_equivalent": "none offered"}, primary=True), cells["retention_zdr"]
    )
    assert result.verdict == "contradicts"


def test_a_new_fact_is_noted_without_changing_agreement(cells):
    result = compare(claim("data_residency", facts={"region_selectable": True}), cells["data_residency"])
    assert result.verdict == "agrees"
    assert "not_recorded" in kinds(result)


def test_unclear_claims_are_not_compared(cells):
    assert compare(claim("gdpr_dpa", "unclear"), cells["gdpr_dpa"]).verdict == "unclear"


def test_an_unreviewed_cell_gets_new_material(bundled):
    # A cell nobody has graded yet (built here, so the test does not depend on the bundled data).
    dimension = bundled.catalogue.dimensions[0]
    unreviewed = resolve_cell(
        dimension, developer_id="nobody", platform_id="nowhere", offering_cell=None, scope=None, party_cells={}
    )
    assert not unreviewed.is_graded
    assert compare(claim(dimension.id), unreviewed).verdict == "not_in_registry"


def test_an_unknown_offering_is_a_clear_error(bundled):
    with pytest.raises(LookupError, match="no offering 'nope'"):
        resolved_cells(bundled, "nope")


def test_fact_values_compare_loosely_but_types_strictly():
    assert same_fact("ISO/IEC 42001:2023", "iso/iec 42001:2023")
    assert same_fact(["Regional", "Global"], ["global", "regional"])
    assert same_fact(30, 30.0)
    assert not same_fact(True, 1)
    assert not same_fact(30, "30 days")

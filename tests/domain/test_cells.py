"""The two-level rule and watch-outs, without a database."""

from trustreg.domain.cells import (
    PRIMARY_KINDS,
    CellRecord,
    Origin,
    ScopeRecord,
    SourceKind,
    first_sentence,
    resolve_cell,
    watchouts,
)


def _dims(bundled):
    return bundled.catalogue.get("soc2_type2"), bundled.catalogue.get("gpai_cop")


def test_a_platform_dimension_is_inherited_from_the_serving_platform(bundled):
    soc2, _ = _dims(bundled)
    party_cells = {("azure", "soc2_type2"): CellRecord(grade="yes_sales_gated")}
    cell = resolve_cell(soc2, developer_id="openai", platform_id="azure", offering_cell=None, scope=None,
                        party_cells=party_cells)
    assert cell.origin is Origin.PARTY
    assert cell.graded_party_id == "azure"
    assert cell.grade == "yes_sales_gated"


def test_a_developer_dimension_is_inherited_from_the_model_developer(bundled):
    _, gpai = _dims(bundled)
    party_cells = {("openai", "gpai_cop"): CellRecord(grade="yes_public"),
                   ("azure", "gpai_cop"): CellRecord(grade="no")}
    cell = resolve_cell(gpai, developer_id="openai", platform_id="azure", offering_cell=None, scope=None,
                        party_cells=party_cells)
    assert cell.graded_party_id == "openai"
    assert cell.grade == "yes_public"


def test_an_offering_cell_overrides_the_party_cell_and_keeps_it_for_reference(bundled):
    soc2, _ = _dims(bundled)
    inherited = CellRecord(grade="yes_public")
    own = CellRecord(grade="partial", override_reason="scope not confirmed")
    cell = resolve_cell(soc2, developer_id="d", platform_id="p", offering_cell=own, scope=None,
                        party_cells={("p", "soc2_type2"): inherited})
    assert cell.origin is Origin.OVERRIDE
    assert cell.grade == "partial"
    assert cell.overridden is inherited


def test_a_scope_entry_adds_notes_and_facts_to_the_inherited_cell(bundled):
    soc2, _ = _dims(bundled)
    inherited = CellRecord(grade="yes_public", notes="Platform note.", facts={"report_cadence": "annual"})
    scope = ScopeRecord(notes="Scope note.", facts={"in_scope_service_name": "Foundry"})
    cell = resolve_cell(soc2, developer_id="d", platform_id="p", offering_cell=None, scope=scope,
                        party_cells={("p", "soc2_type2"): inherited})
    assert cell.notes == ["Platform note.", "Scope note."]
    assert cell.facts == {"report_cadence": "annual", "in_scope_service_name": "Foundry"}


def test_nothing_recorded_is_not_reviewed_and_not_a_watchout(bundled):
    soc2, _ = _dims(bundled)
    cell = resolve_cell(soc2, developer_id="d", platform_id="p", offering_cell=None, scope=None, party_cells={})
    assert cell.origin is Origin.NONE
    assert cell.grade == "not_reviewed"
    assert watchouts([cell]) == []


def test_watchouts_are_every_reviewed_cell_that_is_not_a_clean_public_yes(bundled):
    cells = [
        resolve_cell(d, developer_id="d", platform_id="p", offering_cell=CellRecord(grade=g), scope=None,
                     party_cells={})
        for d, g in zip(bundled.catalogue.dimensions,
                        ["yes_public", "yes_sales_gated", "partial", "no_public_evidence", "no", "unclear",
                         "yes_platform_only", "not_reviewed", "yes_public"], strict=False)
    ]
    assert [c.grade for c in watchouts(cells)] == [
        "yes_sales_gated", "partial", "no_public_evidence", "no", "unclear", "yes_platform_only"]


def test_a_watchout_reason_is_the_summary_or_else_the_first_sentence_of_the_notes(bundled):
    soc2, _ = _dims(bundled)
    with_summary = resolve_cell(soc2, developer_id="d", platform_id="p", scope=None, party_cells={},
                                offering_cell=CellRecord(grade="partial", summary="Short.", notes="Long. More."))
    without = resolve_cell(soc2, developer_id="d", platform_id="p", scope=None, party_cells={},
                           offering_cell=CellRecord(grade="partial", notes="The first sentence is this. Then more."))
    assert with_summary.reason == "Short."
    assert without.reason == "The first sentence is this."


def test_first_sentence_does_not_cut_inside_abbreviations_near_the_start():
    assert first_sentence("e.g. this is a longer sentence. Next.") == "e.g. this is a longer sentence."


def test_forum_answers_explainers_and_pointers_are_never_primary_kinds():
    secondary = {SourceKind.QA_FORUM, SourceKind.EXPLAINER, SourceKind.REGISTRY, SourceKind.ARCHIVE}
    assert not PRIMARY_KINDS & (secondary | {SourceKind.SEARCH_SNIPPET, SourceKind.OTHER})
    assert SourceKind.VENDOR_DOC in PRIMARY_KINDS and SourceKind.LEGAL in PRIMARY_KINDS


def test_the_qualifiers_are_cell_fields_and_exactly_those_a_fit_profile_may_refuse():
    from typing import get_args

    from trustreg.domain.cells import CONDITIONS, QUALIFIERS, CellRecord
    from trustreg.domain.fit import Requirement

    assert set(CONDITIONS) <= set(CellRecord.model_fields)
    key_type = get_args(Requirement.model_fields["forbid"].annotation)[0]
    assert get_args(key_type) == QUALIFIERS

"""Which cells rest on primary evidence, and the registry-wide figures counted from kept grade counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.cells import CellRecord, Origin, ResolvedCell, ScopeRecord, SourceRef
from trustreg.domain.coverage import OfferingCoverage, figures, has_quote, is_backed, public_registry_ids
from trustreg.domain.grades import Grade

BACKING = {"url": "https://vendor.example/trust", "kind": "vendor_doc", "primary": True,
           "quote": "We never train on customer data.", "copy": "vendor-trust"}


def cell(bundled, *sources, grade="yes_public", scope=None, origin=Origin.OFFERING):
    record = None if origin is Origin.NONE else CellRecord(grade=grade, sources=tuple(SourceRef(**s) for s in sources))
    return ResolvedCell(dimension=bundled.catalogue.get("soc2_type2"), origin=origin, record=record,
                        graded_party_id="p", scope=scope)


def test_a_graded_cell_citing_a_primary_quote_in_a_kept_copy_is_backed(bundled):
    assert is_backed(cell(bundled, BACKING))


@pytest.mark.parametrize("change", [{"primary": False, "kind": "news"}, {"quote": ""}, {"copy": None},
                                    {"role": "lead"}])
def test_a_source_missing_any_part_of_that_does_not_back_the_cell(bundled, change):
    assert not is_backed(cell(bundled, {**BACKING, **change}))


def test_one_backing_source_among_weaker_ones_is_enough(bundled):
    weak = {**BACKING, "copy": None}
    assert is_backed(cell(bundled, weak, {**BACKING, "role": "lead"}, BACKING))


def test_a_contradicting_primary_quote_still_counts_as_evidence(bundled):
    assert is_backed(cell(bundled, {**BACKING, "role": "contradicts"}))


@pytest.mark.parametrize("grade", [g.value for g in Grade if g is not Grade.NOT_REVIEWED])
def test_every_grade_but_not_reviewed_can_be_backed(bundled, grade):
    assert is_backed(cell(bundled, BACKING, grade=grade))


def test_a_cell_nobody_reviewed_is_never_backed_even_with_scope_evidence(bundled):
    scope = ScopeRecord(sources=(SourceRef(**BACKING),))
    unreviewed = cell(bundled, scope=scope, origin=Origin.NONE)
    assert not is_backed(unreviewed)
    assert has_quote(unreviewed)


def test_evidence_added_by_an_offerings_scope_entry_backs_the_inherited_cell(bundled):
    scope = ScopeRecord(sources=(SourceRef(**BACKING),))
    assert is_backed(cell(bundled, scope=scope, origin=Origin.PARTY))


def test_any_quote_counts_as_quoted_but_not_as_backed(bundled):
    secondary = {**BACKING, "primary": False, "kind": "news"}
    assert has_quote(cell(bundled, secondary)) and not is_backed(cell(bundled, secondary))
    assert not has_quote(cell(bundled, {**BACKING, "quote": ""}))


def test_an_offerings_coverage_lists_the_cells_that_are_not_backed(bundled):
    backed, bare = cell(bundled, BACKING), cell(bundled, {**BACKING, "quote": ""})
    coverage = OfferingCoverage(id="o", name="O", cells=(backed, bare, backed))
    assert coverage.backed == 2
    assert coverage.unbacked == [bare]


def test_figures_count_cells_by_grade_backing_and_quote():
    counts = [("yes_public", True, True, 5), ("yes_public", False, True, 2), ("no", False, False, 3),
              ("no_public_evidence", False, False, 4), ("not_reviewed", False, False, 6)]
    f = figures(questions=4, offerings=5, counts=counts, public_offerings=3, not_reviewed_public=1)
    assert (f.cells, f.graded, f.backed, f.graded_without_quote, f.no_public_evidence) == (20, 14, 5, 7, 4)
    assert f.backed_percent == 25.0
    assert (f.public_offerings, f.not_reviewed_public) == (3, 1)


def test_an_empty_registry_has_no_cells_and_nothing_backed():
    f = figures(questions=0, offerings=0, counts=[], public_offerings=0, not_reviewed_public=0)
    assert (f.cells, f.backed_percent) == (0, 0.0)


def test_the_backed_share_is_rounded_to_one_decimal():
    f = figures(questions=3, offerings=1, counts=[("yes_public", True, True, 1)], public_offerings=0,
                not_reviewed_public=0)
    assert f.backed_percent == 33.3


counts = st.lists(st.tuples(st.sampled_from([g.value for g in Grade]), st.booleans(), st.booleans(),
                            st.integers(0, 50)), max_size=20)


@given(counts)
def test_figures_never_count_more_than_there_is(rows):
    f = figures(questions=1, offerings=sum(n for *_, n in rows), counts=rows, public_offerings=0,
                not_reviewed_public=0)
    not_reviewed = sum(n for g, _, _, n in rows if g == "not_reviewed")
    assert f.graded + not_reviewed == f.cells
    assert f.graded_without_quote <= f.graded
    assert f.no_public_evidence <= f.graded


def test_the_public_registrys_offerings_are_read_from_the_extra_data_and_nothing_else():
    assert public_registry_ids({"public_registry_offerings": ["azure-openai", 3, None, "openai-api"]}) == [
        "azure-openai", "openai-api"]
    assert public_registry_ids({"public_registry_offerings": "azure-openai"}) == []
    assert public_registry_ids({}) == []

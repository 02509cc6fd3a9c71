"""The fit inputs kept beside the stored grades: each row names the inputs of its own cell."""

import pytest

from trustreg.domain.fitkeys import fit_inputs, fit_key
from trustreg.registry import selectors
from trustreg.registry.models import FitInput, ResolvedGrade, ResolvedGradeSpan
from trustreg.registry.resolved import resolved_grades_refresh
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def test_every_stored_grade_names_the_kept_inputs_of_its_cell_as_the_offering_page_resolves_it(loaded):
    kept = dict(FitInput.objects.values_list("key", "inputs"))
    cat = selectors.catalogue()
    stored = dict(((o, d), k) for o, d, k in ResolvedGrade.objects.values_list("offering_id", "dimension_id", "fit_key"))
    for o in selectors.listed_offerings():
        for c in selectors.offering_view(o.id, cat=cat).cells:
            key = stored[(o.id, c.dimension.id)]
            assert key == fit_key(c.dimension.id, fit_inputs(c))
            assert kept[key] == fit_inputs(c)


def test_every_span_names_kept_inputs(loaded):
    named = set(ResolvedGradeSpan.objects.values_list("fit_key", flat=True))
    assert named and named <= set(FitInput.objects.values_list("key", flat=True))


def test_a_reload_that_changes_nothing_adds_no_inputs(loaded):
    before = FitInput.objects.count()
    registry_load(actor="test", bundle=loaded)
    assert resolved_grades_refresh() == 0
    assert FitInput.objects.count() == before


def test_offerings_with_the_same_inputs_share_one_kept_row(loaded):
    rows = ResolvedGrade.objects.count()
    assert FitInput.objects.count() < rows


def test_every_kept_input_keeps_its_typed_columns_and_facts_beside_its_text(loaded):
    from trustreg.domain.fitkeys import columns_of
    from trustreg.registry.models import FitFact

    facts: dict[str, list[tuple[str, str]]] = {}
    for key, name, value in FitFact.objects.order_by("name").values_list("input_id", "name", "value"):
        facts.setdefault(key, []).append((name, value))
    for key, text, *typed in FitInput.objects.values_list("key", "inputs", "grade", "record", "q_tier", "q_route",
                                                          "q_default", "geography"):
        want = columns_of(text)
        assert typed == [want.grade, want.record, *want.qualifiers, want.geography]
        assert tuple(facts.get(key, [])) == want.facts

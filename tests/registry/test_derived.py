"""The derived tables after a migration (``registry/derived.py``, ``trustreg migrate``): a database
migrated from before the stored grades changed ends with them exactly as a load writes them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.migration_helpers import migrate_to, migrate_to_latest
from trustreg.registry.derived import derived_rebuild_needed, derived_tables_rebuild
from trustreg.registry.fitvectors import COLUMNS
from trustreg.registry.models import (
    FitFact,
    FitInput,
    FitVector,
    GradeCount,
    ResolvedGrade,
    ResolvedGradeSpan,
)
from trustreg.registry.resolved import STORED
from trustreg.registry.services import registry_load


def derived() -> dict[str, set]:
    grades = set(ResolvedGrade.objects.values_list("offering_id", "dimension_id", *STORED))
    spans = set(ResolvedGradeSpan.objects.values_list("offering_id", "dimension_id", "since", "until", "listed",
                                                      *STORED))
    return {"grades": grades, "spans": spans, "fit_inputs": set(FitInput.objects.values_list("key", "inputs")),
            "typed": set(FitInput.objects.values_list("key", "grade", "record", "q_tier", "q_route", "q_default",
                                                      "geography")),
            "fit_facts": set(FitFact.objects.values_list("input_id", "name", "value")),
            "counts": set(GradeCount.objects.values_list("dimension_id", "grade", "backed", "quoted", "n")),
            "vectors": _vectors()}


def _vectors() -> set:
    """The vectors with each slot's input named by its key (ids differ after a rebuild)."""
    keys = dict(FitInput.objects.values_list("id", "key"))
    return {tuple(keys.get(x, x) if name.startswith("i") else x for name, x in zip(COLUMNS, row[1:], strict=True))
            + (row[0],) for row in FitVector.objects.values_list("offering_id", *COLUMNS)}


def fit_keys_named(tables: dict[str, set]) -> set[str]:
    at = STORED.index("fit_key")
    return {row[2 + at] for row in tables["grades"]} | {row[5 + at] for row in tables["spans"]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("past", ["0008_auditevent_to_accounts", "0011_resolved_grade_spans", "0012_fit_inputs",
                                  "0013_fit_typed_inputs"])
def test_a_registry_migrated_from_before_the_fit_keys_ends_with_every_row_as_a_load_writes_it(
        past, bundled, bundled_history):  # noqa: ANN001 - pytest fixtures
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    loaded = derived()
    try:
        call_command("migrate", "registry", past, verbosity=0)  # back: nothing rebuilt on past tables
        call_command("migrate", verbosity=0)
        migrated = derived()
    finally:
        migrate_to_latest()
    assert migrated == loaded
    keys = fit_keys_named(migrated)
    assert "" not in keys and keys <= {key for key, _ in migrated["fit_inputs"]}


@pytest.mark.django_db(transaction=True)
def test_a_fresh_database_migrates_with_nothing_to_rebuild_and_its_first_load_writes_the_fit_keys(
        bundled, bundled_history):  # noqa: ANN001 - pytest fixtures
    try:
        migrate_to(("registry", "0011_resolved_grade_spans"))
        call_command("migrate", verbosity=0)
        assert not derived_rebuild_needed() and not ResolvedGrade.objects.exists()
    finally:
        migrate_to_latest()
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    tables = derived()
    keys = fit_keys_named(tables)
    assert tables["grades"] and "" not in keys and keys <= {key for key, _ in tables["fit_inputs"]}


def test_a_loaded_registry_is_not_rebuilt_again(loaded, django_assert_num_queries):  # noqa: ANN001
    with django_assert_num_queries(4):  # savepoint, offerings exist, stored grades exist, release
        assert derived_tables_rebuild() == 0


def test_stored_grades_emptied_under_a_registry_are_rebuilt_whole(loaded):  # noqa: ANN001
    before = derived()
    ResolvedGrade.objects.all().delete()
    ResolvedGradeSpan.objects.all().delete()
    FitVector.objects.all().delete()
    GradeCount.objects.all().delete()
    assert derived_rebuild_needed()
    assert derived_tables_rebuild() > 0
    assert derived() == before and not derived_rebuild_needed()

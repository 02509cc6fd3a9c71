"""Stored resolved grades: always what a full recomputation gives, after every kind of change."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resolved_helpers import assert_stored_equals_recomputed, recomputed, stored_counts
from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.domain.grades import Grade
from trustreg.registry.models import Cell, Offering, ResolvedGrade
from trustreg.registry.publish import Holder, cell_publish, current_record
from trustreg.registry.resolved import offerings_affected, resolved_grades_refresh
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def _republish(holder: Holder, dimension_id: str, grade: str) -> None:
    record = current_record(holder, dimension_id)
    assert isinstance(record, CellRecord)
    cell_publish(actor="test", holder=holder, dimension_id=dimension_id,
                 record=replace(record, grade=grade), kind="editorial", reason="test")


def test_a_load_stores_every_listed_offering_by_every_question(loaded):
    assert_stored_equals_recomputed()
    assert len(recomputed()) == ResolvedGrade.objects.filter(offering__retired_at__isnull=True).count() > 0


def test_a_reload_that_changes_nothing_rewrites_no_stored_grade(loaded):
    assert resolved_grades_refresh() == 0
    registry_load(actor="test", bundle=loaded)
    assert resolved_grades_refresh() == 0


def test_publishing_a_party_cell_moves_every_offering_that_inherits_it(loaded):
    cell = Cell.objects.filter(party__isnull=False).exclude(grade=Grade.NO_PUBLIC_EVIDENCE).order_by("pk").first()
    heirs = [
        o.id for o in Offering.objects.filter(retired_at__isnull=True)
        if ResolvedGrade.objects.filter(offering=o, dimension_id=cell.dimension_id, origin="party").exists()
        and cell.party_id in (o.developer_id, o.platform_id)
    ]
    assert heirs
    _republish(Holder("party", cell.party_id), cell.dimension_id, Grade.NO_PUBLIC_EVIDENCE.value)
    assert set(ResolvedGrade.objects.filter(offering_id__in=heirs, dimension_id=cell.dimension_id)
               .values_list("grade", flat=True)) == {Grade.NO_PUBLIC_EVIDENCE.value}
    assert_stored_equals_recomputed()


HOLDERS = st.sampled_from([("party", 0), ("party", 1), ("offering", 0), ("offering", 1), ("offering", 2)])


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(HOLDERS, st.integers(0, 50), st.sampled_from([g.value for g in Grade])), max_size=3))
def test_after_any_publishes_the_stored_grades_equal_a_full_recomputation(loaded, changes):
    for (kind, i), j, grade in changes:
        cells = list(Cell.objects.filter(**{f"{kind}__isnull": False}).exclude(grade="").order_by("pk"))
        cell = cells[(i * 7 + j) % len(cells)]
        holder = Holder(kind, cell.party_id if kind == "party" else cell.offering_id)
        if cell.grade != grade:
            _republish(holder, cell.dimension_id, grade)
    assert_stored_equals_recomputed()


def test_refreshing_the_offerings_a_source_is_cited_by_restores_their_stored_grades(loaded):
    from trustreg.evidence.models import Citation

    citation = Citation.objects.filter(cell__offering__isnull=False).select_related("cell").first()
    row = ResolvedGrade.objects.get(offering_id=citation.cell.offering_id, dimension_id=citation.cell.dimension_id)
    ResolvedGrade.objects.filter(pk=row.pk).update(strength="expired", why="stale on purpose")
    affected = offerings_affected(source_ids=[citation.source_id])
    assert citation.cell.offering_id in affected
    assert resolved_grades_refresh(affected) == 1
    assert_stored_equals_recomputed()


def test_the_grade_counts_follow_a_load_that_retires_an_offering_and_one_that_brings_it_back(loaded):
    gone = loaded.offerings[0]
    before = stored_counts()
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings[1:]), retire_missing=True)
    assert Offering.objects.get(id=gone.id).retired_at is not None
    assert sum(stored_counts().values()) < sum(before.values())
    assert_stored_equals_recomputed()
    registry_load(actor="test", bundle=loaded)
    assert stored_counts() == before


def test_a_publish_moves_the_grade_counts_without_counting_the_registry_again(loaded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cell = Cell.objects.filter(offering__isnull=False).exclude(grade=Grade.NO.value).order_by("pk").first()
    with CaptureQueriesContext(connection) as ctx:
        _republish(Holder("offering", cell.offering_id), cell.dimension_id, Grade.NO.value)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "resolvedgrade" in q["sql"]]
    assert grouped == []  # moved by the rows rewritten, not recounted
    assert_stored_equals_recomputed()


def test_a_load_counts_the_grades_as_it_resolves_them_without_counting_the_table_again(loaded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trustreg.registry.models import GradeCount

    before = stored_counts()
    GradeCount.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        registry_load(actor="test", bundle=loaded)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "resolvedgrade" in q["sql"]]
    assert grouped == []
    assert stored_counts() == before
    assert_stored_equals_recomputed()

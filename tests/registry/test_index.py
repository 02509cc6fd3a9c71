"""The registry index: combinable cell conditions, evidence strength per cell, sorting by it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.domain.fieldtypes import replace
from trustreg.domain.strength import Strength
from trustreg.registry import index, selectors
from trustreg.registry.models import GradeCount
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def ids(filters, sort="order"):
    return [r.offering.id for r in index.index_view(filters, sort).rows]


def where(*conditions):
    return index.IndexFilters(conditions=tuple(index.Condition(*c) for c in conditions))


def test_repeated_conditions_combine_instead_of_the_last_one_winning(loaded):
    partial_baa = set(ids(where(("hipaa_baa", "partial"))))
    public_soc2 = set(ids(where(("soc2_type2", "yes_public"))))
    both = set(ids(where(("hipaa_baa", "partial"), ("soc2_type2", "yes_public"))))
    assert both == partial_baa & public_soc2
    assert both != public_soc2


def test_parameters_are_paired_in_order_and_empty_conditions_ignored():
    conditions = index.conditions_from(["hipaa_baa", "", ""], ["partial", "yes_public", ""],
                                       ["", "", "secondary"])
    assert conditions == (index.Condition("hipaa_baa", "partial"), index.Condition("", "yes_public"),
                          index.Condition("", "", "secondary"))
    assert index.conditions_from(["soc2_type2"], [], []) == ()
    assert len(index.conditions_from([""] * 100, ["no"] * 100, [])) == index.MAX_CONDITIONS


def test_the_index_filters_by_evidence_strength(loaded):
    view = index.index_view()
    expected = {r.offering.id for r in view.rows
                if r.cell_of("soc2_type2").evidence.strength is Strength.SECONDARY}
    assert expected
    assert set(ids(where(("soc2_type2", "", "secondary")))) == expected
    assert ids(where(("", "", "no_such_strength"))) == []


def test_the_index_sorts_by_evidence_strength(loaded):
    rows = index.index_view(sort="evidence").rows
    to_confirm = [r.to_confirm_count for r in rows]
    assert to_confirm == sorted(to_confirm)
    weakest = index.index_view(sort="-evidence").rows
    assert [r.to_confirm_count for r in weakest] == sorted(to_confirm, reverse=True)
    by_cell = index.index_view(sort="evidence:hipaa_baa").rows
    order = list(Strength)
    ranks = [order.index(r.cell_of("hipaa_baa").evidence.strength) for r in by_cell]
    assert ranks == sorted(ranks)


def test_index_strengths_agree_with_offering_pages(loaded):
    for row in index.index_view().rows:
        view = selectors.offering_view(row.offering.id)
        assert [c.evidence for c in row.cells] == [view.strengths[c.dimension.id] for c in view.cells]


def test_the_unfiltered_index_reads_its_total_from_the_counts_kept_on_write_instead_of_counting(loaded):
    with CaptureQueriesContext(connection) as ctx:
        view = index.index_view()
        assert len(view.rows) == view.total  # the pager's length: no second read either
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [sql for sql in sqls if "COUNT(" in sql]
    assert [sql for sql in sqls if "registry_gradecount" in sql]
    assert view.total == selectors.listed_offerings().count() == len(loaded.offerings)
    # a load that retires an offering moves the kept counts, and the total with them
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings[1:]), retire_missing=True)
    assert index.index_view().total == selectors.listed_offerings().count() == len(loaded.offerings) - 1
    GradeCount.objects.all().delete()  # what the page shows is the kept record
    assert index.index_view().total == 0


def test_a_filtered_index_still_counts_its_matching_rows(loaded):
    view = index.index_view(index.IndexFilters(developer="openai"))
    expected = selectors.listed_offerings().filter(developer_id="openai").count()
    assert 0 < len(view.rows) == expected < view.total

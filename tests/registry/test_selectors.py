"""Shared reads: what pages show, and how many queries it takes (never growing with the registry)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from trustreg.domain.fieldtypes import replace
from trustreg.registry import comparison, index, selectors
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def test_azure_openai_inherits_vendor_trust_from_azure_and_eu_ai_act_from_openai(loaded):
    view = selectors.offering_view("azure-openai")
    assert view.cell("soc2_type2").origin.value == "party"
    assert view.cell("soc2_type2").graded_party_id == "microsoft-azure"
    assert view.cell("gpai_cop").graded_party_id == "openai"
    # Azure records retention once on the platform; this offering overrides it with a reason.
    assert view.cell("retention_zdr").origin.value == "override"


def test_azure_openai_has_exactly_the_two_seed_watchouts(loaded):
    view = selectors.offering_view("azure-openai")
    assert [(c.dimension.label, c.label) for c in view.watchouts] == [
        ("SOC 2 Type II", "Yes, sales-gated"), ("Retention / ZDR", "Yes, sales-gated")]


def test_an_override_keeps_the_published_grade_and_says_why(loaded):
    cell = selectors.offering_view("azure-openai").cell("retention_zdr")
    assert cell.origin.value == "override"
    assert cell.grade == "yes_sales_gated" and cell.record is not None and cell.record.override_reason
    assert cell.overridden is not None  # the party cell it overrides is kept for reference


def test_index_filters_by_grade_in_a_question(loaded):
    view = index.index_view(index.IndexFilters(conditions=(index.Condition("hipaa_baa", "partial"),)))
    assert [r.offering.id for r in view.rows] == ["claude-vertex"]


def test_index_filters_by_developer_platform_and_category(loaded):
    assert {r.offering.id for r in index.index_view(index.IndexFilters(developer="openai")).rows} == {
        "openai-api", "azure-openai"}
    assert {r.offering.id for r in index.index_view(index.IndexFilters(
        platform="google-cloud-vertex-ai")).rows} == {"gemini-vertex", "claude-vertex"}
    assert {r.offering.id for r in index.index_view(index.IndexFilters(
        platform="amazon-bedrock")).rows} == {"claude-bedrock", "llama-bedrock", "nova-bedrock"}
    assert {r.offering.id for r in index.index_view(index.IndexFilters(
        category="cloud_distribution")).rows} == {"azure-openai", "claude-vertex", "claude-bedrock", "llama-bedrock",
                                                 "mistral-azure", "llama-azure", "claude-foundry"}


def test_index_sorts_by_watchouts(loaded):
    rows = index.index_view(sort="-watchouts").rows
    counts = [r.watchout_count for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0].offering.id == "deepseek-api"  # no cell of it rests on a primary source


def test_index_grades_agree_with_offering_pages(loaded):
    for row in index.index_view().rows:
        view = selectors.offering_view(row.offering.id)
        assert [c.grade for c in row.cells] == [c.grade for c in view.cells]


def test_compare_pairs_split_on_vs_even_when_ids_contain_hyphens(loaded):
    assert comparison.split_compare_ids("azure-openai-vs-openai-api") == ["azure-openai", "openai-api"]
    assert comparison.split_compare_ids("azure-openai-vs-openai-api-vs-anthropic-api") == [
        "azure-openai", "openai-api", "anthropic-api"]
    assert comparison.split_compare_ids("nonsense") is None
    assert comparison.split_compare_ids("-vs-".join(["azure-openai", "openai-api"] * 3)) is None  # six


def test_compare_takes_two_to_four_different_offerings(loaded):
    view = comparison.compare_view("azure-openai", "openai-api", "anthropic-api", "claude-vertex")
    assert [v.offering.id for v in view.views] == ["azure-openai", "openai-api", "anthropic-api", "claude-vertex"]
    for _dim, cells, differs in view.rows:
        assert [o.id for o, _, _ in cells] == [v.offering.id for v in view.views]
        assert differs == (len({c.grade for _, c, _ in cells}) > 1)
        assert [ev for _, _, ev in cells] == [v.strengths[_dim.id] for v in view.views]
    for ids in (["azure-openai"], ["azure-openai"] * 2, ["azure-openai", "openai-api", "anthropic-api",
                                                          "claude-vertex", "gemini-vertex"]):
        with pytest.raises(ValueError):
            comparison.compare_view(*ids)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _grow(bundle, n: int):
    template = next(o for o in bundle.offerings if o.id == "azure-openai")
    extra = tuple(replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=100 + i) for i in range(n))
    return replace(bundle, offerings=bundle.offerings + extra)


@pytest.mark.parametrize("selector", [
    lambda: selectors.offering_view("azure-openai"),
    lambda: index.index_view(),
    lambda: selectors.question_view("hipaa-baa"),
    lambda: comparison.compare_view("azure-openai", "openai-api"),
    lambda: selectors.bundle_from_db(),
])
def test_query_counts_do_not_grow_with_the_registry(loaded, selector):
    small = _queries(selector)
    registry_load(actor="test", bundle=_grow(loaded, 25))
    assert _queries(selector) == small


def test_not_found_is_raised_for_unknown_ids(loaded):
    with pytest.raises(selectors.NotFound):
        selectors.offering_view("nope")
    with pytest.raises(selectors.NotFound):
        selectors.question_view("nope")




def test_cells_now_are_every_recorded_cell_for_every_offering_given(loaded):
    offerings = list(selectors.listed_offerings())
    at = selectors.cells_at(offerings)
    assert at.past is None
    assert at.offerings == offerings
    assert at.split == selectors.all_cells()


def test_cells_as_of_a_date_are_replayed_and_leave_out_offerings_not_there_yet(loaded):
    offerings = list(selectors.listed_offerings())
    assert selectors.cells_at(offerings, dt.date(2000, 1, 1)).offerings == []
    today = selectors.cells_at(offerings, dt.date.today() + dt.timedelta(days=1))
    assert today.past is not None and today.offerings == offerings
    # nothing published since: the replay holds today's cells
    assert [set(part) for part in today.split] == [set(part) for part in selectors.all_cells()]


def test_the_fit_check_and_the_export_read_past_cells_through_one_selector(loaded, monkeypatch):
    from trustreg.buyers import selectors as fit
    from trustreg.domain.fit import Profile, Requirement
    from trustreg.domain.grades import Grade
    from trustreg.registry.datajson import export_document

    calls = []
    real = selectors.cells_at

    def spy(offerings, as_of=None, **kwargs):
        calls.append(as_of)
        return real(offerings, as_of, **kwargs)

    monkeypatch.setattr(selectors, "cells_at", spy)
    monkeypatch.setattr(fit, "cells_at", spy)
    day = dt.date(2000, 1, 1)
    assert index.index_view(as_of=day).total == 0  # the index reads the stored spans instead
    profile = Profile(requirements=(Requirement(question="soc2_type2", label="SOC 2", grades=(Grade.YES_PUBLIC,)),))
    assert fit.fit_view(profile, as_of=day).rows == []
    assert export_document(as_of=day)["offerings"] == []
    assert calls == [day, day]


def test_the_question_counts_are_read_from_the_counts_kept_on_write_not_counted_per_request(loaded):
    from collections import Counter

    from trustreg.registry.models import GradeCount, ResolvedGrade

    with CaptureQueriesContext(connection) as ctx:
        view = selectors.question_view("hipaa-baa")
    assert not [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    listed = ResolvedGrade.objects.filter(dimension_id="hipaa_baa", offering__retired_at__isnull=True)
    with CaptureQueriesContext(connection) as ctx:
        assert len(view.rows) == len(view.entries) == listed.count()  # the pager's total: the kept counts
    assert len(ctx.captured_queries) == 1  # the test's own count
    assert Counter(dict(view.grade_counts)) == Counter(listed.values_list("grade", flat=True))
    GradeCount.objects.filter(dimension_id="hipaa_baa").delete()  # what the page shows is the kept record
    assert selectors.question_view("hipaa-baa").grade_counts == []


def _plans(fn) -> list[str]:
    """The database's plan of each query ``fn`` runs: what it reads, whatever this machine's speed
    (see ``_plans_by_query``)."""
    return [plan for _, plan in _plans_by_query(fn)]


def _plans_by_query(fn) -> list[tuple[str, str]]:
    """Each query ``fn`` runs with the database's plan of it: what it reads, whatever this machine's speed.

    SQLite plans as it will run. PostgreSQL's planner prefers a full scan and a sort on a registry this
    small, so there the tables are analysed and full scans and sorts priced out: the plan then shows
    whether an index can serve the query (the partial index's condition matches, its order is the
    order asked for, the holder's unique index is chosen over the question's)."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("ANALYZE registry_cell, registry_offering")
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        for q in ctx.captured_queries:
            cursor.execute(explain + q["sql"])
            plans.append((q["sql"], " / ".join(str(row[-1]) for row in cursor.fetchall())))
    return plans


def test_a_window_of_listed_offerings_reads_the_order_index_instead_of_sorting_them_all(loaded):
    plans = _plans(lambda: list(selectors.offering_search()[:50]))
    assert len(plans) == 1 and "listed_offering_order" in plans[0] and "TEMP B-TREE" not in plans[0]


def test_the_index_reads_a_window_of_listed_offerings_and_a_few_kept_counts_whatever_the_registry_size(loaded):
    def page():
        view = index.index_view()
        return view.rows[:60]

    plans = dict(_plans_by_query(page))
    window = [p for sql, p in plans.items() if sql.startswith('SELECT "registry_offering"."id"')]
    # the page's offerings in the order index: no sort of every listed offering
    assert len(window) == 1 and "listed_offering_order" in window[0]
    assert "TEMP B-TREE" not in window[0] and "Sort" not in window[0]
    kept = [p for sql, p in plans.items() if "registry_gradecount" in sql]
    assert len(kept) == 1 and "registry_offering" not in kept[0]  # the total: no pass over the offerings
    assert not [sql for sql in plans if "COUNT(" in sql]
    # the page's stored grades looked up by offering, not a scan of every stored grade
    grades = [p for sql, p in plans.items() if 'FROM "registry_resolvedgrade"' in sql]
    assert len(grades) == 1 and "SCAN registry_resolvedgrade" not in grades[0] and "Seq Scan" not in grades[0]


def test_a_question_page_reads_its_cells_by_holder_not_every_cell_of_the_question(loaded):
    view = selectors.question_view("hipaa-baa")
    plans = _plans(lambda: view.rows[:10])
    cells = [p for p in plans if "registry_cell " in p + " " and "one_cell_per" in p]
    assert cells and "one_cell_per_offering_dimension" in cells[0] and "one_cell_per_party_dimension" in cells[0]
    assert not any("registry_cell_dimension_id" in p for p in plans)
    # the rows still carry the cells the offerings inherit from their graded parties
    rows = view.rows[:len(view.rows)]
    assert any(c.origin.value == "party" for _, c, _ in rows)
    for o, c, _ in rows:
        assert (c.grade, c.origin) == (selectors.offering_view(o.id).cell("hipaa_baa").grade,
                                       selectors.offering_view(o.id).cell("hipaa_baa").origin)

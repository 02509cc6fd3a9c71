"""Today's fit check of a custom profile: one statement over the narrow vectors, whatever the size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.buyers import fitflat, fitgroups, fitpage, profiles
from trustreg.domain.fieldtypes import replace
from trustreg.domain.fit import Verdict
from trustreg.domain.fitkeys import SEVERITY
from trustreg.registry.fitvectors import slots
from trustreg.registry.models import FitInput
from trustreg.registry.selectors import catalogue
from trustreg.registry.services import registry_load

ASKED = {"r_data_residency": "any", "eu": "1", "r_retention_zdr": "any", "max_days": "30", "r_hipaa_baa": "any"}


def _sqls(fn) -> list[str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_todays_check_counts_and_pages_in_one_statement_over_the_vectors_and_reads_no_stored_grade(loaded):
    profile = profiles.profile_from_query(ASKED, catalogue()).profile
    fitpage.fit_page(profile)
    sqls = _sqls(lambda: fitpage.fit_page(profile, None, 2, 3))
    assert sum("registry_fitvector" in s for s in sqls) == 1
    assert not any("registry_resolvedgrade" in s for s in sqls)


@pytest.mark.django_db
def test_a_past_day_keeps_reading_the_stored_spans(loaded):
    profile = profiles.profile_from_query(ASKED, catalogue()).profile
    sqls = _sqls(lambda: fitpage.fit_page(profile, dt.date.today()))
    assert not any("registry_fitvector" in s for s in sqls)
    assert any("registry_resolvedgradespan" in s for s in sqls), sqls


@pytest.mark.django_db
def test_no_statement_grows_its_parameters_with_the_groups_even_past_the_databases_limit(loaded):
    cat = catalogue()
    profile = profiles.profile_from_query(ASKED, cat).profile
    reqs = [(r, cat.get(r.question)) for r in profile.requirements]
    verdicts = fitgroups.verdict_keys(reqs, profiles.step_catalogue())
    where = slots(cat)
    worst = SEVERITY[Verdict.DOES_NOT_MEET]
    many = [fitgroups.Verdicts(v.dimension_id, v.projection, v.default, {**v.groups, worst: [
        *v.groups.get(worst, []), *(f'["no such projection {i}"]' for i in range(70_000))]}) for v in verdicts]
    with CaptureQueriesContext(connection) as ctx:
        flat = fitflat.flat_check([(v, where[v.dimension_id]) for v in many], dt.date.today(), 0, 5, 4)
        few = fitflat.flat_check([(v, where[v.dimension_id]) for v in verdicts], dt.date.today(), 0, 5, 4)
        keys = FitInput.objects.filter(key__in=many[0].keys_in(worst)).count()
    assert flat == few  # the projections that match nothing change nothing
    v = verdicts[0]
    real = fitgroups.Verdicts(v.dimension_id, v.projection, v.default, {worst: v.groups.get(worst, [])})
    assert keys == FitInput.objects.filter(key__in=real.keys_in(worst)).count()
    with connection.cursor() as cursor:  # each statement's parameters: a handful, not one a group
        sql, params = many[0].by_input()
        assert len(params) == len(verdicts[0].by_input()[1]) < 20
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) x", params)  # noqa: S608 (the module's own SQL)
    assert len(ctx.captured_queries) == 3


@pytest.mark.django_db(transaction=True)
def test_the_groups_are_read_once_while_the_kept_inputs_stay_as_they_are(bundled, bundled_history):
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    fitgroups._GROUPS.clear()
    profile = profiles.profile_from_query(ASKED, catalogue()).profile
    first = fitpage.fit_page(profile)
    again = _sqls(lambda: fitpage.fit_page(profile))
    assert not any("GROUP BY 2" in s for s in again)  # the groups query, not run again
    assert fitpage.fit_page(profile).counts == first.counts
    azure = next(o for o in bundled.offerings if o.id == "azure-openai")
    cell = replace(azure.cells["data_residency"], geography="EU only, by a test")
    registry_load(actor="test", bundle=replace(bundled, offerings=tuple(
        replace(o, cells={**o.cells, "data_residency": cell}) if o.id == "azure-openai" else o
        for o in bundled.offerings)))
    after = _sqls(lambda: fitpage.fit_page(profile))
    assert any("GROUP BY 2" in s for s in after)  # a new kept input: read again

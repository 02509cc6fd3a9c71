"""Registry health: every figure recomputed here from the data, and the page and the API agree."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.kept_helpers import with_kept_copies
from trustreg.bulk import build
from trustreg.domain.catalogue import Level
from trustreg.domain.fieldtypes import replace
from trustreg.evidence.models import FetchAttempt, Source
from trustreg.flags.services import flag_raise
from trustreg.health import selectors
from trustreg.health.selectors import HISTORY_MONTHS, data_version, registry_health
from trustreg.registry.services import registry_load
from trustreg.workbench.corrections import Proposal, Triage, correction_submit, correction_triage
from trustreg.workbench.flags import flag_decide


def _expected_cells(bundle, today: dt.date) -> dict[str, float | int | None]:
    """The coverage and age figures straight from the data files' records (two-level rule by hand)."""
    parties = {p.id: p for p in bundle.parties}
    copies = {c.id: " ".join(c.text.split()) for c in bundle.copies}
    cells = graded = backed = secondary = expired = 0
    ages = []
    for o in bundle.offerings:
        for d in bundle.catalogue.dimensions:
            cells += 1
            party = parties[o.platform if d.level is Level.PLATFORM else o.developer]
            record = o.cells.get(d.id) or party.cells.get(d.id)
            if record is None or record.grade == "not_reviewed":
                continue
            graded += 1
            sources = record.sources + (o.scopes[d.id].sources if d.id not in o.cells and d.id in o.scopes else ())
            primary = [s for s in sources if s.primary and s.role != "lead"]
            backed += any(s.quote and s.copy and " ".join(s.quote.split()) in copies.get(s.copy, "") for s in primary)
            fresh = not (record.verified and record.verified + dt.timedelta(days=d.freshness_days) < today)
            secondary += fresh and any(s.role != "lead" for s in sources) and not primary
            if record.verified:
                ages.append((today - record.verified).days)
                expired += record.verified + dt.timedelta(days=d.freshness_days) < today
    ages.sort()
    n = len(ages)
    middle = None if not n else float(ages[n // 2]) if n % 2 else (ages[n // 2 - 1] + ages[n // 2]) / 2
    return {
        "cells": cells, "graded": graded, "primary_quote_in_copy": backed, "secondary_only": secondary,
        "dated": n, "median_age_days": middle, "p90_age_days": float(ages[math.ceil(0.9 * n) - 1]) if n else None,
        "expired": expired,
    }


@pytest.fixture
def busy(loaded):
    """The bundled registry with a kept copy, flags, decided corrections and monitor attempts."""
    bundle = with_kept_copies(loaded)
    registry_load(actor="test", bundle=bundle)
    maintainer = User.objects.create_user("mo", first_name="Mo")
    for i in range(3):
        flag_raise(actor="test", kind="source_changed", key=f"t:{i}", title=f"changed {i}")
    flag, _ = flag_raise(actor="test", kind="fetch_failed", key="t:f", title="failed")
    flag_decide(actor=maintainer, flag=flag, decision="dismissed", reason="A one-off timeout at the vendor.")
    now = timezone.now()
    for i, days in enumerate((2, 5, 10)):
        corr = correction_submit(address_key=f"addr-{i}", now=now - dt.timedelta(days=days), proposal=Proposal(
            offering_id="azure-openai", dimension_id="hipaa_baa", evidence_url="https://example.com/baa",
            proposed_grade="yes_public"))
        corr.refresh_from_db()  # correction_submit dates it in the row, not in the object it returns
        correction_triage(actor=maintainer, correction=corr, triage=Triage(
            outcome="not_enough_evidence", public_reason="The page linked does not say so."))
    correction_submit(address_key="addr-open", proposal=Proposal(
        offering_id="azure-openai", dimension_id="hipaa_baa", evidence_url="https://example.com/x",
        proposed_grade="no"))
    source = Source.objects.create(url="https://example.com/watched", kind="vendor_doc")
    for days, outcome in ((1, "unchanged"), (3, "unchanged"), (4, "changed"), (45, "failed")):
        FetchAttempt.objects.create(source=source, started_at=now - dt.timedelta(days=days), via="run",
                                    outcome=outcome, requested_url=source.url)
    # The database holds every bundled kept copy as well as the two added here: recount against all.
    return replace(bundle, copies=loaded.copies + bundle.copies)


def test_every_figure_matches_a_recount_from_the_data(busy):
    health = registry_health()
    expected = _expected_cells(busy, health.today)
    got = {k: getattr(health.figures, k) for k in expected}
    assert got == expected
    assert expected["primary_quote_in_copy"] >= 1 and expected["graded"] > 0  # the recount counts something
    assert health.open_flags == {"source_changed": 3, "correction": 1}
    assert health.corrections_decided == 3 and health.correction_turnaround_days == 5.0
    assert health.monitor_outcomes == {"unchanged": 2, "changed": 1}


def test_history_is_replayed_at_month_ends_and_ends_with_today(busy):
    health = registry_health()
    days = [p.day for p in health.history]
    assert days == sorted(days) and days[-1] == health.today and len(days) <= HISTORY_MONTHS + 1
    assert health.history[-1].figures == health.figures
    assert health.history[-1].open_flags == 4
    assert all(p.figures.cells <= health.figures.cells for p in health.history)
    for earlier in health.history[:-1]:
        assert (earlier.day + dt.timedelta(days=1)).day == 1  # the last day of a month


def test_the_page_and_the_api_publish_the_same_figures(client, busy):
    api = client.get("/api/v1/health").json()
    page = client.get("/health/").content.decode()
    health = registry_health()
    for key, value in api["coverage"].items():
        if key == "shares":
            continue
        assert value == getattr(health.figures, key), key
        shown = re.search(rf'data-figure="{key}">([^<]*)<', page)
        if shown:
            number = re.match(r"[\d.]+", shown.group(1))
            assert number and float(number.group()) == value, key
    assert float(re.search(r'data-figure="correction_turnaround_days">([\d.]+)', page).group(1)) == \
        api["correction_turnaround_days"]
    for kind, n in api["open_flags"].items():
        assert f'data-flag="{kind}">{n}<' in page
    for outcome, n in api["monitor_outcomes"].items():
        assert f'data-outcome="{outcome}">{n}<' in page
    assert [p["day"] for p in api["history"]] == [p.day.isoformat() for p in health.history]


def test_the_chart_is_inline_svg_with_no_script_or_outside_resource(client, busy):
    page = client.get("/health/").content.decode()
    main = page.split("<main", 1)[-1]
    assert "<svg" in main and "<polyline" in main and "<script" not in main
    assert not re.search(r'(src|href)="(https?:)?//', page)


def _queries(fn) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_health_query_count_does_not_grow_with_the_registry_and_a_second_read_is_cached(loaded):
    small = _queries(registry_health)
    assert _queries(registry_health) < 10  # the data version only: the figures come from the cache
    caches["pages"].clear()
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=50 + i) for i in range(30))))
    assert _queries(registry_health) == small


def test_after_a_bulk_build_a_request_reads_the_figures_the_worker_computed(busy, monkeypatch, settings):
    assert "trustreg.health.selectors.health_warm" in settings.TRUSTREG_AFTER_BULK_BUILD
    build.after_build()  # what the bulk worker runs after each build, in its own process
    assert isinstance(caches["pages"], FileBasedCache)  # on disk: every web process of the host reads it
    computed = []
    monkeypatch.setattr(selectors, "_compute", lambda now: computed.append(now))
    with CaptureQueriesContext(connection) as ctx:
        health = registry_health()
    assert computed == [] and len(ctx.captured_queries) == 1  # the data version, then a read of the cache
    assert health.open_flags == {"source_changed": 3, "correction": 1}


def test_a_change_to_the_data_is_seen_at_once_despite_the_cache(busy):
    before = registry_health().open_flags_total
    flag_raise(actor="test", kind="conflicting", key="t:new", title="new")
    assert registry_health().open_flags_total == before + 1


def test_the_data_version_is_one_bounded_query_read_by_indexes(busy):
    with CaptureQueriesContext(connection) as ctx:
        data_version()
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert len(sqls) == 1 and "COUNT(" not in sqls[0]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # small tables: price full scans and sorts out to see the indexes
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("ANALYZE workbench_flag, workbench_correction, evidence_fetchattempt")
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sqls[0])
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    # each newest date is the first entry of its column's index (read from the end), never a scan
    # of the table or a sort
    indexes = re.findall(r"(?:USING (?:COVERING )?INDEX|Index (?:Only )?Scan Backward using) (\w+)", plan)
    for column in ("flag_created_at", "flag_decided_at", "correction_created_at", "correction_triaged_at",
                   "fetchattempt_started_at"):
        assert any(column in name for name in indexes), plan
    assert "TEMP B-TREE" not in plan and "Seq Scan" not in plan and "Sort" not in plan, plan


def test_the_data_version_moves_with_every_kind_of_change_the_figures_read(busy):
    maintainer = User.objects.get(username="mo")
    seen = {data_version()[1]}

    def moved() -> bool:
        key = data_version()[1]
        new = key not in seen
        seen.add(key)
        return new

    flag, _ = flag_raise(actor="test", kind="conflicting", key="t:v", title="new")
    assert moved()
    flag_decide(actor=maintainer, flag=flag, decision="dismissed", reason="Not a conflict after all.")
    assert moved()
    corr = correction_submit(address_key="addr-v", proposal=Proposal(
        offering_id="azure-openai", dimension_id="hipaa_baa", evidence_url="https://example.com/v",
        proposed_grade="no"))
    assert moved()
    correction_triage(actor=maintainer, correction=corr, triage=Triage(
        outcome="not_enough_evidence", public_reason="The page linked does not say so."))
    assert moved()
    source = Source.objects.first()
    FetchAttempt.objects.create(source=source, started_at=timezone.now(), via="run", outcome="unchanged",
                                requested_url=source.url)
    assert moved()
    registry_load(actor="test", bundle=replace(busy, offerings=(
        replace(busy.offerings[0], name="Renamed"), *busy.offerings[1:])))  # a published change
    assert moved()
    assert not moved()

"""The /health/ page: the figures in words a reader expects."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from trustreg.domain.health import CellFigures
from trustreg.health import views
from trustreg.health.selectors import Health, HealthPoint

TODAY = dt.date(2026, 12, 3)


def _health(days: float) -> Health:
    figures = CellFigures(cells=10, graded=4, primary_quote_in_copy=1, secondary_only=1, dated=3,
                          median_age_days=days, p90_age_days=days, expired=0)
    return Health(today=TODAY, figures=figures, open_flags={}, corrections_decided=2,
                  correction_turnaround_days=days, history=[HealthPoint(TODAY, figures, 0)],
                  monitor_since=dt.datetime(2026, 11, 3, tzinfo=dt.UTC), monitor_outcomes={})


def _shown(page: str, figure: str) -> str:
    found = re.search(rf'data-figure="{figure}">([^<]*)<', page)
    assert found, figure
    return found.group(1)


@pytest.mark.parametrize(("days", "words"), [(1.0, "1 day"), (0.0, "0 days"), (1.5, "1.5 days"), (2.0, "2 days")])
def test_the_page_says_day_for_one_day_and_days_otherwise(client, monkeypatch, days, words):
    monkeypatch.setattr(views, "registry_health", lambda: _health(days))
    page = client.get("/health/").content.decode()
    for figure in ("median_age_days", "p90_age_days", "correction_turnaround_days"):
        assert _shown(page, figure) == words, figure


def test_the_page_says_when_no_cell_is_dated_and_no_correction_decided(client, monkeypatch):
    health = _health(1.0)
    empty = dataclasses.replace(health, correction_turnaround_days=None, figures=dataclasses.replace(
        health.figures, median_age_days=None, p90_age_days=None, dated=0))
    monkeypatch.setattr(views, "registry_health", lambda: empty)
    page = client.get("/health/").content.decode()
    assert _shown(page, "median_age_days") == _shown(page, "p90_age_days") == "none dated"
    assert _shown(page, "correction_turnaround_days") == "no decisions yet"

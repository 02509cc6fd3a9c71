"""A monitor run: each check and the stored grades it moves are recorded in one transaction."""

import pytest

from tests.evidence.conftest import quoted_source, run
from tests.evidence.evidence_scenarios import Page, html
from tests.resolved_helpers import assert_stored_equals_recomputed
from trustreg.evidence.models import FetchAttempt, QuoteCheck
from trustreg.flags.models import Flag
from trustreg.registry.models import ResolvedGrade

pytestmark = pytest.mark.django_db


def test_a_quote_the_monitor_no_longer_finds_moves_the_stored_evidence_strength(monitored):
    run()
    assert_stored_equals_recomputed()
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(html("Gone quiet", "Nothing to see."))
    run("--all")
    assert_stored_equals_recomputed()


def test_a_check_whose_stored_grades_cannot_follow_is_not_recorded_at_all(monitored, monkeypatch):
    run()
    source = quoted_source()
    before = (FetchAttempt.objects.filter(source=source).count(), QuoteCheck.objects.count(), Flag.objects.count(),
              sorted(ResolvedGrade.objects.values_list("pk", "strength")))
    monitored.pages[f"/src/{source.pk}"] = Page(html("Gone quiet", "Nothing to see."))

    def refresh_fails(offering_ids):
        raise RuntimeError("the registry is unavailable")

    monkeypatch.setattr("trustreg.monitor.run.resolved_grades_refresh", refresh_fails)
    run("--all", "--source", str(source.pk))
    after = (FetchAttempt.objects.filter(source=source).count(), QuoteCheck.objects.count(), Flag.objects.count(),
             sorted(ResolvedGrade.objects.values_list("pk", "strength")))
    assert after == before  # the lost quote, its check and its flag went with the grades
    assert_stored_equals_recomputed()


def test_a_check_that_moves_no_quote_leaves_the_stored_grades_untouched(monitored, monkeypatch):
    run()
    calls = []
    monkeypatch.setattr("trustreg.monitor.run.resolved_grades_refresh", calls.append)
    run("--all")
    assert calls == []
    assert FetchAttempt.objects.count() == 2 * FetchAttempt.objects.values("source").distinct().count()

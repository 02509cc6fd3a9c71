"""The quote-check log's retention: old checks go, every change and the pages' dates stay."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.accounts.aftermath import public_generation
from trustreg.accounts.models import AuditEvent
from trustreg.evidence import retention
from trustreg.evidence.models import Citation, QuoteCheck, Snapshot
from trustreg.evidence.selectors import monitor_dates_many, quote_states
from trustreg.evidence.services import quote_checks_record


def _runs(results):
    """A citation's results with repeats collapsed: what the log must still tell after pruning."""
    return [r for i, r in enumerate(results) if i == 0 or results[i - 1] != r]


@given(st.lists(st.tuples(st.integers(1, 3), st.booleans()), max_size=60))
def test_pruning_keeps_each_citations_first_and_latest_check_and_every_change(checks):
    rows = [(pk, cid, present) for pk, (cid, present) in enumerate(sorted(checks, key=lambda c: c[0]))]
    latest = {cid: pk for pk, cid, _ in rows}
    doomed = set(retention.prunable(rows, latest))
    for cid in {c for _, c, _ in rows}:
        before = [p for pk, c, p in rows if c == cid]
        kept = [(pk, p) for pk, c, p in rows if c == cid and pk not in doomed]
        assert _runs(before) == _runs([p for _, p in kept])
        assert kept[0][0] == min(pk for pk, c, _ in rows if c == cid)
        assert kept[-1][0] == latest[cid]


def _daily_checks(citation, snapshot, results, start):
    for day, present in enumerate(results):
        quote_checks_record(checks=[(citation.pk, snapshot, present)], now=start + dt.timedelta(days=day))


@pytest.mark.django_db
def test_prune_deletes_old_repeats_but_keeps_what_pages_show_and_when_a_quote_went_missing(loaded):
    citation = Citation.objects.exclude(quote="").exclude(snapshot=None).select_related("source").first()
    snapshot = Snapshot.objects.get(pk=citation.snapshot_id)
    now = timezone.now()
    results = [True] * 60 + [False] * 5 + [True] * 55  # 120 days: missing for five of them
    _daily_checks(citation, snapshot, results, now - dt.timedelta(days=len(results)))
    pair = (citation.source.url, citation.quote)
    shown = (monitor_dates_many([pair]), quote_states([citation.source.url]))
    count = QuoteCheck.objects.filter(citation=citation).count()

    generation = public_generation().number
    report = retention.quote_checks_prune(actor="test", keep_days=30, now=now)

    assert public_generation().number > generation  # the dump lists quote checks: it follows
    assert (monitor_dates_many([pair]), quote_states([citation.source.url])) == shown
    left = list(QuoteCheck.objects.filter(citation=citation).order_by("checked_at", "id"))
    assert len(left) < count and report.deleted == count - len(left)
    old = [c.present for c in left if c.checked_at < report.cutoff]
    assert _runs(old) == _runs(results[:90])
    # the day the quote went missing and the day it came back are both still in the log
    went, back = now - dt.timedelta(days=60), now - dt.timedelta(days=55)
    assert any(not c.present and c.checked_at.date() == went.date() for c in left)
    assert any(c.present and c.checked_at.date() == back.date() for c in left)
    assert sum(c.checked_at >= report.cutoff for c in left) == 1 + 30  # the load's check and 30 days
    event = AuditEvent.objects.filter(action="quote_checks.prune").get()
    assert event.detail["deleted"] == report.deleted and event.detail["keep_days"] == 30


@pytest.mark.django_db
def test_prune_runs_from_the_command_line_and_refuses_a_retention_under_a_day(loaded, capsys):
    call_command("monitor", "prune", "--keep-days", "1")
    assert "deleted" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        call_command("monitor", "prune", "--keep-days", "0")
    with pytest.raises(ValueError, match="keep_days"):
        retention.quote_checks_prune(actor="test", keep_days=0)


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 200), st.booleans()), min_size=1, max_size=12))
def test_a_citations_kept_dates_always_equal_the_newest_checks_in_its_log(loaded, checks):
    citation = Citation.objects.exclude(quote="").exclude(snapshot=None).first()
    snapshot = Snapshot.objects.get(pk=citation.snapshot_id)
    QuoteCheck.objects.filter(citation=citation).delete()
    Citation.objects.filter(pk=citation.pk).update(quote_last_checked=None, quote_last_seen=None)
    start = timezone.now() - dt.timedelta(days=365)
    for minutes, present in checks:  # in any order: a late record never moves a date backwards
        quote_checks_record(checks=[(citation.pk, snapshot, present)], now=start + dt.timedelta(minutes=minutes))
    citation.refresh_from_db()
    log = QuoteCheck.objects.filter(citation=citation)
    assert citation.quote_last_checked == max(c.checked_at for c in log)
    assert citation.quote_last_seen == max((c.checked_at for c in log if c.present), default=None)


@pytest.mark.django_db
def test_a_quotes_dates_and_state_are_its_own_whichever_other_quotes_are_asked_about(loaded):
    citation = Citation.objects.exclude(quote="").exclude(snapshot=None).select_related("source").first()
    other = Citation.objects.filter(source=citation.source).exclude(quote__in=["", citation.quote]).first() \
        or Citation.objects.create(cell=citation.cell, source=citation.source, quote="another quote", position=99)
    snapshot = Snapshot.objects.get(pk=citation.snapshot_id)
    now = timezone.now()
    quote_checks_record(checks=[(citation.pk, snapshot, True)], now=now + dt.timedelta(days=1))
    quote_checks_record(checks=[(other.pk, snapshot, False)], now=now + dt.timedelta(days=2))
    url, pairs = citation.source.url, [(citation.source.url, citation.quote), (citation.source.url, other.quote)]
    alone = monitor_dates_many(pairs[:1])[pairs[0]]
    assert monitor_dates_many(pairs)[pairs[0]] == alone and not alone.quote_missing
    assert monitor_dates_many(pairs)[pairs[1]].quote_missing
    assert quote_states([url], [citation.quote]) == {pairs[0]: quote_states([url])[pairs[0]]}

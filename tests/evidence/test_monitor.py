"""`trustreg monitor run` over the bundled registry's sources, served on loopback."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from trustreg.evidence import monitor
from trustreg.evidence.models import (
    Blob,
    Citation,
    FetchAttempt,
    MonitorState,
    QuoteCheck,
    Snapshot,
    Source,
    SourceChange,
)
from trustreg.flags.models import Flag
from trustreg.flags.state import quote_missing_key

from .conftest import quoted_source, run
from .evidence_scenarios import Page, html, tiny_pdf

pytestmark = pytest.mark.django_db


def flags(kind, source=None):
    rows = Flag.objects.filter(kind=kind, status=Flag.Status.OPEN)
    return rows.filter(source=source) if source else rows


def test_a_first_run_keeps_a_copy_of_every_source_and_finds_every_quote(monitored):
    output = run()
    sources = Source.objects.count()
    assert Snapshot.objects.count() == sources
    assert set(FetchAttempt.objects.values_list("outcome", flat=True)) == {"ok"}
    quoted = Citation.objects.exclude(quote="").count()
    assert QuoteCheck.objects.filter(present=True).count() == quoted > 0
    assert not Flag.objects.exists()
    assert f"Checked {sources} sources" in output
    assert "(none)" in output


def test_a_snapshot_keeps_bytes_headers_status_final_url_and_hash(monitored):
    run()
    snapshot = Snapshot.objects.select_related("source", "blob").first()
    assert snapshot.status_code == 200
    assert snapshot.final_url == snapshot.source.url
    assert ["Content-Type", "text/html; charset=utf-8"] in snapshot.headers
    assert bytes(snapshot.blob.data) == monitored.pages[f"/src/{snapshot.source_id}"].body
    assert snapshot.text and snapshot.text_extractor.startswith("v")


def test_nothing_is_due_right_after_a_run_and_the_next_check_follows_the_freshness_policy(monitored):
    run()
    assert "Nothing is due" in run()
    source = quoted_source()
    state = MonitorState.objects.get(source=source)
    freshness = min(c.cell.dimension.freshness_days for c in source.citations.all())
    expected = monitor.current_policy().check_interval(freshness)
    assert abs((state.next_check_at - state.last_attempt_at) - expected) < dt.timedelta(minutes=1)


def test_identical_content_is_stored_once(monitored):
    run()
    blobs, snapshots = Blob.objects.count(), Snapshot.objects.count()
    run("--all")
    assert (Blob.objects.count(), Snapshot.objects.count()) == (blobs, snapshots)
    assert QuoteCheck.objects.filter(present=True).count() == 2 * Citation.objects.exclude(quote="").count()


def test_a_removed_quote_raises_a_flag_and_the_change_is_kept_as_a_word_diff(monitored):
    run()
    source = quoted_source()
    citation = source.citations.exclude(quote="").first()
    monitored.pages[f"/src/{source.pk}"] = Page(
        html("Vendor page", "Introduction to our commitments.", "We now say something else.", "Contact us.")
    )
    run("--all")
    missing = flags(Flag.Kind.QUOTE_MISSING, source)
    assert missing.count() == source.citations.exclude(quote="").count()
    cell = citation.cell
    holder = f"offering:{cell.offering_id}" if cell.offering_id else f"party:{cell.party_id}"
    flag = missing.get(key=quote_missing_key(holder, cell.dimension_id, source.pk, citation.quote))
    assert flag.dimension_id == citation.cell.dimension_id
    assert citation.quote[:40] in flag.detail
    change = SourceChange.objects.get(source=source)
    assert change.words_removed > 0 and change.words_added > 0
    changed = flags(Flag.Kind.SOURCE_CHANGED, source).get()
    assert "We now say something else." in changed.detail
    assert "{+" in changed.detail and "[-" in changed.detail


def test_a_flag_is_not_raised_twice_while_it_is_open(monitored):
    run()
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(html("Gone quiet", "Nothing to see."))
    run("--all")
    run("--all")
    assert flags(Flag.Kind.QUOTE_MISSING, source).count() == source.citations.exclude(quote="").count()
    assert flags(Flag.Kind.SOURCE_CHANGED, source).count() == 1


def test_a_missing_quote_found_by_the_monitor_and_then_the_checks_is_one_flag(monitored):
    from trustreg.workbench.checks import checks_run

    run()
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(html("Gone quiet", "Nothing to see."))
    run("--all")
    before = list(flags(Flag.Kind.QUOTE_MISSING, source).values_list("pk", flat=True))
    assert before
    checks_run(actor="test")  # the checks find the same quotes missing from the same newest copy
    assert list(flags(Flag.Kind.QUOTE_MISSING, source).values_list("pk", flat=True)) == before


def test_a_moved_page_updates_the_canonical_url_and_raises_one_flag(monitored):
    source = quoted_source()
    old, new = f"/src/{source.pk}", f"/moved/{source.pk}"
    monitored.pages[new] = monitored.pages[old]
    monitored.pages[old] = Page(b"", status=301, headers={"Location": new})
    run()
    source.refresh_from_db()
    assert source.canonical_url == monitored.url(new)
    flag = flags(Flag.Kind.SOURCE_MOVED, source).get()
    assert monitored.url(new) in flag.detail
    assert not flags(Flag.Kind.QUOTE_MISSING, source).exists()
    run("--all")
    assert Flag.objects.filter(kind=Flag.Kind.SOURCE_MOVED, source=source).count() == 1


SCENARIOS = [
    pytest.param(Page(b"Forbidden", status=403), "blocked", Flag.Kind.SOURCE_BLOCKED, id="403"),
    pytest.param(Page(b"Unauthorized", status=401), "blocked", Flag.Kind.SOURCE_BLOCKED, id="401"),
    pytest.param(Page(b"Not found", status=404), "gone", Flag.Kind.SOURCE_GONE, id="404"),
    pytest.param(Page(b"Gone", status=410), "gone", Flag.Kind.SOURCE_GONE, id="410"),
    pytest.param("/huge", "too_large", Flag.Kind.FETCH_FAILED, id="huge"),
    pytest.param("/huge-declared", "too_large", Flag.Kind.FETCH_FAILED, id="5-GB-declared"),
    pytest.param("/endless/0", "too_many_redirects", Flag.Kind.FETCH_FAILED, id="endless-redirects"),
    pytest.param(
        "/to?url=http://169.254.169.254/latest/meta-data/",
        "refused_address",
        Flag.Kind.FETCH_FAILED,
        id="metadata",
    ),
    pytest.param("/to?url=http://100.100.100.200/", "refused_address", Flag.Kind.FETCH_FAILED, id="alibaba"),
    pytest.param("/to?url=http://10.0.0.1/", "refused_address", Flag.Kind.FETCH_FAILED, id="private"),
    pytest.param(
        Page(b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"), "not_text", Flag.Kind.FETCH_FAILED
    ),
    pytest.param("/garbage", "protocol_error", Flag.Kind.FETCH_FAILED, id="not-http"),
]


@pytest.mark.parametrize(("scenario", "outcome", "kind"), SCENARIOS)
def test_each_failure_ends_as_a_recorded_outcome_with_a_flag_and_the_run_goes_on(
    monitored, scenario, outcome, kind
):
    source = quoted_source()
    if isinstance(scenario, Page):
        monitored.pages[f"/src/{source.pk}"] = scenario
    else:
        Source.objects.filter(pk=source.pk).update(url=monitored.url(scenario))
    run()
    last = FetchAttempt.objects.filter(source=source).order_by("-started_at", "-id").first()
    assert last.outcome == outcome
    assert last.reason
    flag = flags(kind, source).get()
    assert last.reason[:30] in flag.detail
    others = FetchAttempt.objects.exclude(source=source)
    assert set(others.values_list("outcome", flat=True)) == {"ok"}
    assert others.count() == Source.objects.count() - 1


def test_a_page_that_never_finishes_is_recorded_as_a_timeout_with_a_flag(monitored, settings):
    # Only this source is checked, by an impatient fetcher: the trickle lasts 60x its time limit.
    from .conftest import IMPATIENT

    settings.TRUSTREG_FETCH = {**settings.TRUSTREG_FETCH, **IMPATIENT}
    source = quoted_source()
    Source.objects.filter(pk=source.pk).update(url=monitored.url("/slow"))
    run("--source", str(source.pk))
    last = FetchAttempt.objects.filter(source=source).order_by("-started_at", "-id").first()
    assert last.outcome == "timeout"
    assert last.reason[:30] in flags(Flag.Kind.FETCH_FAILED, source).get().detail


def test_a_temporary_failure_is_retried_with_backoff_before_it_is_flagged(monitored):
    source = quoted_source()
    path = f"/src/{source.pk}"
    monitored.sequences[path] = [Page(b"busy", status=503), Page(b"busy", status=503), monitored.pages[path]]
    run()
    tries = list(
        FetchAttempt.objects.filter(source=source).order_by("attempt").values_list("attempt", "outcome")
    )
    assert tries == [(1, "server_error"), (2, "server_error"), (3, "ok")]
    assert FetchAttempt.objects.get(source=source, attempt=1).retry_at is not None
    assert not Flag.objects.exists()


def test_a_failure_that_persists_is_flagged_after_the_last_try(monitored):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(b"down", status=503)
    run()
    assert FetchAttempt.objects.filter(source=source).count() == monitor.current_policy().max_attempts
    assert "after 3 tries" in flags(Flag.Kind.FETCH_FAILED, source).get().detail


def test_a_pdf_source_is_kept_and_its_quotes_checked(monitored):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(
        tiny_pdf("nothing quoted here"), content_type="application/pdf"
    )
    run()
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.content_type == "application/pdf"
    assert "nothing quoted here" in snapshot.text
    assert flags(Flag.Kind.QUOTE_MISSING, source).exists()


def test_unreadable_bytes_are_kept_and_flagged_without_claiming_quotes_vanished(monitored):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(b"<html><p>\xff\xfe\xfa broken <<<", content_type="text/html")
    run()
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.extract_error
    assert flags(Flag.Kind.FETCH_FAILED, source).exists()
    assert not flags(Flag.Kind.QUOTE_MISSING, source).exists()


def test_a_page_nested_past_the_limit_is_one_recorded_failure_and_the_batch_goes_on(monitored):
    source = quoted_source()
    hostile = b"---\ntitle: " + b"[" * 200 + b"\n---\n# Policy\n"
    monitored.pages[f"/src/{source.pk}"] = Page(hostile, content_type="text/markdown")
    run()
    snapshot = Snapshot.objects.get(source=source)
    assert "nested deeper than 64 levels" in snapshot.extract_error
    assert flags(Flag.Kind.FETCH_FAILED, source).count() == 1
    others = FetchAttempt.objects.exclude(source=source)
    assert set(others.values_list("outcome", flat=True)) == {"ok"}
    assert others.count() == Source.objects.count() - 1


def test_a_page_too_costly_to_parse_is_one_recorded_failure_and_the_batch_goes_on(monitored, settings):
    settings.TRUSTREG_MONITOR = {**settings.TRUSTREG_MONITOR, "parse_seconds": 1.0}
    source = quoted_source()
    deep = b"<html><body>" + b"<div>" * 80_000 + b"x" + b"</div>" * 80_000 + b"</body></html>"  # ~30 s unlimited
    monitored.pages[f"/src/{source.pk}"] = Page(deep)
    run()
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.extract_error.startswith(("timed out: the HTML parser", "parser failure"))
    assert flags(Flag.Kind.FETCH_FAILED, source).count() == 1
    others = FetchAttempt.objects.exclude(source=source)
    assert set(others.values_list("outcome", flat=True)) == {"ok"}
    assert others.count() == Source.objects.count() - 1


def test_malformed_but_readable_html_is_checked_normally(monitored):
    source = quoted_source()
    quotes = [c.quote for c in source.citations.exclude(quote="")]
    body = ("<html><body><div><p>" + "<td>".join(quotes) + "</b></i><p>unclosed <table><tr>").encode()
    monitored.pages[f"/src/{source.pk}"] = Page(body)
    run()
    assert FetchAttempt.objects.get(source=source).outcome == "ok"
    assert not flags(Flag.Kind.QUOTE_MISSING, source).exists()


def test_an_unchanged_page_answers_304_and_its_quotes_count_as_checked_again(monitored):
    source = quoted_source()
    path = f"/src/{source.pk}"
    monitored.pages[path] = Page(monitored.pages[path].body, headers={"ETag": '"v1"'})
    run()
    first = MonitorState.objects.get(source=source).last_fetched_at
    run("--all")
    attempt = FetchAttempt.objects.filter(source=source).order_by("-started_at", "-id").first()
    assert attempt.outcome == "not_modified"
    assert MonitorState.objects.get(source=source).last_fetched_at > first
    assert QuoteCheck.objects.filter(citation__source=source, present=True).count() == 2 * len(
        source.citations.exclude(quote="")
    )
    assert Snapshot.objects.filter(source=source).count() == 1


def test_rederiving_text_never_raises_vendor_changed_flags(monitored):
    run()
    fetched = Snapshot.objects.filter(how=Snapshot.How.FETCHED)
    fetched.update(text="stale text from an old extractor", text_extractor="v0:old")
    out = io.StringIO()
    call_command("monitor", "rederive", stdout=out)
    assert "no flags raised" in out.getvalue()
    assert not fetched.filter(text_extractor="v0:old").exists()
    assert "stale text" not in "".join(fetched.values_list("text", flat=True))
    assert not Flag.objects.exists()
    assert not SourceChange.objects.exists()


def test_a_stale_extractor_on_the_last_copy_does_not_look_like_a_vendor_change(monitored):
    run()
    source = quoted_source()
    Snapshot.objects.filter(source=source).update(text="different old-style text", text_extractor="v0:old")
    path = f"/src/{source.pk}"
    monitored.pages[path] = Page(monitored.pages[path].body.replace(b"<main>", b"<main>\n\n"))
    run("--all")
    assert Snapshot.objects.filter(source=source).count() == 2
    assert not SourceChange.objects.exists()
    assert not Flag.objects.exists()


def test_check_url_exits_1_for_a_refused_url_and_says_why(capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("monitor", "check-url", "http://169.254.169.254/latest/meta-data/")
    assert exited.value.code == 1


def test_the_status_verb_lists_recent_outcomes_and_open_flags(monitored):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(b"no", status=403)
    run()
    out = io.StringIO()
    call_command("monitor", "status", stdout=out)
    assert "blocked" in out.getvalue()
    assert "source_blocked" in out.getvalue()


def test_claimed_sources_are_not_handed_out_twice(monitored):
    first = monitor.claim()
    assert first
    assert monitor.claim() == []
    later = timezone.now() + dt.timedelta(hours=2)
    assert sorted(monitor.claim(now=later)) == sorted(first)


def test_a_pdf_built_to_break_the_parser_is_kept_and_flagged_as_unreadable(monitored):
    source = quoted_source()
    hostile = b"%PDF-1.7\n1 0 obj << /Type /Pages /Kids [1 0 R] /Count 99999999 >> endobj\ntrailer << /Root 1 0 R >>"
    monitored.pages[f"/src/{source.pk}"] = Page(hostile, content_type="application/pdf")
    run()
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.extract_error
    assert bytes(snapshot.blob.data) == hostile
    assert flags(Flag.Kind.FETCH_FAILED, source).exists()
    assert set(FetchAttempt.objects.exclude(source=source).values_list("outcome", flat=True)) == {"ok"}


def test_the_public_cell_shows_fetched_and_quote_found_dates_apart_from_verified(monitored, client):
    run()
    html = client.get("/offerings/azure-openai/").content.decode()
    today = timezone.localdate().isoformat()
    assert f"fetched {today}" in html
    assert f"quote found {today}" in html
    assert "verified 2026-07-05" in html  # a person's verification is a different date


def test_a_missing_quote_is_shown_on_the_public_cell(monitored, client):
    run()
    citation = Citation.objects.filter(cell__party_id="microsoft-azure").exclude(quote="").first()
    monitored.pages[f"/src/{citation.source_id}"] = Page(html("Vendor page", "We now say something else."))
    run("--all")
    page = client.get("/offerings/azure-openai/").content.decode()
    assert "quote not found on" in page


def test_a_run_keeps_each_citations_last_checked_and_last_found_dates_on_the_citation(monitored):
    run()
    source = quoted_source()
    citation = source.citations.exclude(quote="").first()
    monitored.pages[f"/src/{source.pk}"] = Page(html("Gone quiet", "Nothing to see."))
    run("--all")
    citation.refresh_from_db()
    log = QuoteCheck.objects.filter(citation=citation)
    assert citation.quote_last_checked == max(c.checked_at for c in log)
    assert citation.quote_last_seen == max(c.checked_at for c in log if c.present) < citation.quote_last_checked

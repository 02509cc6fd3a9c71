"""The three calendars: every expiry and date fact of the registry, stable UIDs, links on pages."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client

from tests.history_helpers import at, bundled, load_at, with_party_cell
from trustreg.bulk.build import build
from trustreg.domain.catalogue import FactType
from trustreg.domain.freshness import expires_on
from trustreg.feeds.calendar import EXPIRY_KIND, event_uid
from trustreg.registry import selectors

pytestmark = pytest.mark.django_db


def events(client: Client, url: str) -> dict[str, icalendar.Event]:
    r = client.get(url)
    assert r.status_code == 200, r.getvalue()[:300]
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(r.getvalue())
    found = list(cal.walk("VEVENT"))
    by_uid = {str(e["UID"]): e for e in found}
    assert len(by_uid) == len(found), "a UID appears twice"
    return by_uid


def expected_expiries(offering_id: str) -> dict[str, dt.date]:
    view = selectors.offering_view(offering_id)
    return {
        event_uid(offering_id, c.dimension.id, EXPIRY_KIND): expires_on(c.record.verified, c.dimension.freshness_days)
        for c in view.cells + view.info_cells if c.is_graded and c.record and c.record.verified
    }


def test_the_offering_calendar_holds_each_graded_cells_expiry_date(client: Client, loaded) -> None:
    want = expected_expiries("azure-openai")
    assert want, "the bundled Azure OpenAI cells have verified dates"
    got = events(client, "/offerings/azure-openai/calendar.ics")
    assert {uid: e.decoded("DTSTART") for uid, e in got.items() if "evidence-expiry" in str(e["CATEGORIES"].to_ical())} == want
    one = got[next(iter(want))]
    assert "/offerings/azure-openai/#" in str(one["URL"])
    assert str(one["SUMMARY"]).startswith("Evidence expires: Azure OpenAI")


def test_the_registry_calendar_holds_every_listed_offerings_events(client: Client, built) -> None:
    got = events(client, "/calendar.ics")
    for o in selectors.listed_offerings():
        assert set(expected_expiries(o.id)) <= set(got)
    assert len(got) == sum(len(events(client, f"/offerings/{o.id}/calendar.ics"))
                           for o in selectors.listed_offerings())


def test_the_question_calendar_holds_that_question_only(client: Client, built) -> None:
    view = selectors.question_view("hipaa-baa")
    want = {event_uid(o.id, "hipaa_baa", EXPIRY_KIND) for o, c in view.entries if c.is_graded and c.record.verified}
    got = events(client, "/questions/hipaa-baa/calendar.ics")
    assert set(got) == want and want


def test_a_corrected_fact_date_updates_its_event_instead_of_adding_one(client: Client, db) -> None:
    cat_dim = next(d for d in bundled().catalogue.dimensions if d.id == "soc2_type2")
    assert cat_dim.facts["audit_period_end"].type is FactType.DATE
    b = bundled()
    facts = dict(next(p for p in b.parties if p.id == "microsoft-azure").cells["soc2_type2"].facts)
    load_at(with_party_cell(b, "microsoft-azure", "soc2_type2", facts={**facts, "audit_period_end": "2026-03-31"}),
            at("2026-05-01"))
    uid = event_uid("azure-openai", "soc2_type2", "fact-audit_period_end")
    first = events(client, "/offerings/azure-openai/calendar.ics")
    assert first[uid].decoded("DTSTART") == dt.date(2026, 3, 31)
    assert "audit period" in str(first[uid]["SUMMARY"])

    load_at(with_party_cell(b, "microsoft-azure", "soc2_type2", facts={**facts, "audit_period_end": "2026-09-30"}),
            at("2026-05-03"), kind="correction", reason="The audit period ends on 30 September")
    build()  # as after the load's commit
    second = events(client, "/offerings/azure-openai/calendar.ics")
    assert set(second) == set(first)
    assert second[uid].decoded("DTSTART") == dt.date(2026, 9, 30)
    assert int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])
    assert second[uid].decoded("DTSTAMP") == at("2026-05-03") > first[uid].decoded("DTSTAMP")
    # Every offering Azure serves inherits the cell, so each gets its own entry, once.
    served = [o.id for o in selectors.listed_offerings() if o.platform_id == "microsoft-azure"]
    registry = events(client, "/calendar.ics")
    assert {u for u in registry if u in {event_uid(o, "soc2_type2", "fact-audit_period_end") for o in served}} == {
        event_uid(o, "soc2_type2", "fact-audit_period_end") for o in served}


def test_an_unchanged_calendar_answers_not_modified(client: Client, built) -> None:
    r = client.get("/calendar.ics")
    again = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=r["ETag"])
    assert again.status_code == 304


def test_unknown_offerings_and_questions_answer_404(client: Client, built) -> None:
    assert client.get("/offerings/no-such-thing/calendar.ics").status_code == 404
    assert client.get("/questions/no-such-question/calendar.ics").status_code == 404


def test_pages_link_their_calendars(client: Client, loaded) -> None:
    assert b'href="/offerings/azure-openai/calendar.ics"' in client.get("/offerings/azure-openai/").content
    assert b'href="/questions/hipaa-baa/calendar.ics"' in client.get("/questions/hipaa-baa/").content
    assert b'href="/calendar.ics"' in client.get("/changelog/").content


def test_the_registry_and_question_calendars_are_the_files_built_on_write_not_resolved_per_request(
    client: Client, built
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trustreg.feeds import calendar, files
    from trustreg.feeds.selectors import registry_events

    want = calendar.render(registry_events(), name=files.REGISTRY_NAME, description=files.REGISTRY_ABOUT)
    with CaptureQueriesContext(connection) as ctx:
        whole = client.get("/calendar.ics")
        question = client.get("/questions/hipaa-baa/calendar.ics")
    assert whole.getvalue() == want  # what resolving the registry on a request used to give
    assert whole["Content-Disposition"] == 'inline; filename="trust-registry.ics"'
    assert question["Content-Disposition"] == 'inline; filename="hipaa-baa.ics"'
    # The question's slug is looked up in the catalogue (groups, questions); nothing else is read.
    assert len(ctx.captured_queries) == 2 and all("offering" not in q["sql"] for q in ctx.captured_queries)


def test_the_registry_calendar_says_when_it_is_not_built_yet(client: Client, loaded) -> None:
    r = client.get("/calendar.ics")
    assert r.status_code == 503 and "trustreg bulk build" in r.json()["detail"]

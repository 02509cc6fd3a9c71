"""Calendar events render to RFC 5545 text that icalendar parses back to the same events."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import example, given
from hypothesis import strategies as st

from trustreg.feeds.calendar import EXPIRY_KIND, CalendarEvent, event_uid, render

# Any text a cell may hold, markup, CRLF, commas, semicolons and backslashes included (RFC 5545
# escapes these); control characters other than newline are not text a registry records.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n,;\\:"), max_size=200)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)


@st.composite
def events(draw: st.DrawFn) -> CalendarEvent:
    offering, dim = draw(IDS), draw(IDS)
    kind = draw(st.sampled_from([EXPIRY_KIND, "fact-valid_until", "fact-audit_period_end"]))
    return CalendarEvent(
        uid=event_uid(offering, dim, kind), day=draw(st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))),
        kind=kind, offering_id=offering, dimension_id=dim, summary=draw(TEXT), description=draw(TEXT),
        url=f"https://registry.example/offerings/{offering}/#{dim}", sequence=draw(st.integers(0, 10_000)),
        stamp=draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)))
        .replace(microsecond=0),
    )


def parsed(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


BACKSLASH_N = CalendarEvent(
    uid=event_uid("o", "d", EXPIRY_KIND), day=dt.date(2000, 1, 1), kind=EXPIRY_KIND, offering_id="o",
    dimension_id="d", summary="C:\\New\\", description="\\N and \\n, not newlines;\r\n",
    url="https://registry.example/offerings/o/#d", sequence=0, stamp=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
)


# A literal backslash before N once came back as a newline (icalendar's own escaping); CR LF is
# kept as the one newline RFC 5545 text can carry.
@example([BACKSLASH_N])
@given(st.lists(events(), max_size=5, unique_by=lambda e: e.uid))
def test_every_event_parses_back_with_its_uid_dates_text_and_sequence(found: list[CalendarEvent]) -> None:
    back = {str(e["UID"]): e for e in parsed(render(found, name="n", description="d"))}
    assert set(back) == {e.uid for e in found}
    for e in found:
        got = back[e.uid]
        assert got.decoded("DTSTART") == e.day
        assert got.decoded("DTEND") == e.day + dt.timedelta(days=1)
        assert str(got["SUMMARY"]) == e.summary
        assert str(got["DESCRIPTION"]) == e.description.replace("\r\n", "\n")
        assert int(got["SEQUENCE"]) == e.sequence
        assert got.decoded("DTSTAMP") == e.stamp
        assert str(got["URL"]) == e.url


def test_the_uid_depends_on_offering_question_and_kind_only() -> None:
    uid = event_uid("azure-openai", "soc2_type2", EXPIRY_KIND)
    assert uid == event_uid("azure-openai", "soc2_type2", EXPIRY_KIND)
    assert len({uid, event_uid("openai-api", "soc2_type2", EXPIRY_KIND),
                event_uid("azure-openai", "iso_27001", EXPIRY_KIND),
                event_uid("azure-openai", "soc2_type2", "fact-audit_period_end")}) == 4


def test_the_same_events_render_to_the_same_bytes_in_any_order() -> None:
    day, stamp = dt.date(2027, 1, 5), dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    a = CalendarEvent(event_uid("a", "q", EXPIRY_KIND), day, EXPIRY_KIND, "a", "q", "A", "", "https://x/a", 0, stamp)
    b = CalendarEvent(event_uid("b", "q", EXPIRY_KIND), day, EXPIRY_KIND, "b", "q", "B", "", "https://x/b", 2, stamp)
    assert render([a, b], name="n", description="d") == render([b, a], name="n", description="d")


def _whole_calendar(found: list[CalendarEvent], name: str, description: str) -> bytes:
    """The calendar built the plain way (as render did before events were rendered one by one):
    every event added to one icalendar Calendar, rendered once."""
    from trustreg.feeds.calendar import PRODID, _Text

    cal = icalendar.Calendar()
    for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                       ("x-wr-calname", _Text(name)), ("x-wr-caldesc", _Text(description))):
        cal.add(key, value)
    for e in sorted(found, key=lambda e: (e.day, e.uid)):
        ev = icalendar.Event()
        for key, value in (("uid", e.uid), ("dtstamp", e.stamp.astimezone(dt.UTC)),
                           ("last-modified", e.stamp.astimezone(dt.UTC)), ("sequence", e.sequence),
                           ("dtstart", e.day), ("dtend", e.day + dt.timedelta(days=1)), ("summary", _Text(e.summary)),
                           ("description", _Text(e.description)), ("url", e.url), ("categories", [e.kind]),
                           ("transp", "TRANSPARENT")):
            ev.add(key, value)
        cal.add_component(ev)
    return cal.to_ical()


@example([BACKSLASH_N], "x" * 300)
@given(st.lists(events(), max_size=5, unique_by=lambda e: e.uid), TEXT)
def test_events_rendered_once_and_joined_give_the_bytes_of_the_calendar_rendered_whole(
    found: list[CalendarEvent], name: str
) -> None:
    assert render(found, name=name, description="d") == _whole_calendar(found, name, "d")

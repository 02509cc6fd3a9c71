"""Calendar (ICS, RFC 5545) events of the registry: when evidence expires, and the report and
certificate dates the cells' typed facts give (a fact whose catalogue type is ``date``).

Framework-free: the events come from resolved cells and each cell's revision stamp; the part
above (``feeds.selectors``) reads those from the database.

Each event's UID is derived from (offering, question, kind) only, never from the date, so a
corrected date replaces the calendar entry instead of adding a second one. Its SEQUENCE counts
the published revisions of the cell (append-only, so it only grows, and grows with every
correction), and DTSTAMP/LAST-MODIFIED are when the cell was last published: for a published
calendar without METHOD, RFC 5545 reads DTSTAMP as "last revised in the calendar store".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from trustreg.domain.catalogue import FactType
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.freshness import expires_on
from trustreg.domain.values import fact_date

PRODID = "-//Trust Registry//Evidence calendar//EN"
UID_DOMAIN = "trustregistry.example"
EXPIRY_KIND = "evidence-expiry"
FACT_KIND_PREFIX = "fact-"


@dataclass(frozen=True)
class CellStamp:
    """How often a cell has been published and when last (from its revisions)."""

    sequence: int
    last_published: dt.datetime


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: dt.date
    kind: str
    offering_id: str
    dimension_id: str
    summary: str
    description: str
    url: str
    sequence: int
    stamp: dt.datetime


def event_uid(offering_id: str, dimension_id: str, kind: str) -> str:
    """Stable for (offering, question, kind): hashed so any id stays a valid, bounded UID."""
    digest = hashlib.sha256(f"{offering_id}\x1f{dimension_id}\x1f{kind}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def cell_events(
    *, offering_id: str, offering_name: str, cell: ResolvedCell, page_url: str, stamp: CellStamp
) -> list[CalendarEvent]:
    """The dated events of one resolved cell: its evidence expiry, then each date fact."""
    dim = cell.dimension
    if not cell.is_graded or cell.record is None:
        return []
    url = f"{page_url}#{dim.id}"
    common = {"offering_id": offering_id, "dimension_id": dim.id, "url": url,
              "sequence": stamp.sequence, "stamp": stamp.last_published}
    found: list[CalendarEvent] = []
    expiry = expires_on(cell.record.verified, dim.freshness_days)
    if expiry is not None and cell.record.verified is not None:
        found.append(CalendarEvent(
            uid=event_uid(offering_id, dim.id, EXPIRY_KIND), day=expiry, kind=EXPIRY_KIND,
            summary=f"Evidence expires: {offering_name}, {dim.label}",
            description=(
                f"{dim.question}\nGrade: {cell.label}.\nLast verified by a person on "
                f"{cell.record.verified.isoformat()}; the evidence for this question counts as current for "
                f"{dim.freshness_days} days, so it expires on {expiry.isoformat()} unless re-verified.\n{url}"
            ),
            **common,  # type: ignore[arg-type]
        ))
    facts = cell.facts
    for key, spec in dim.facts.items():
        if spec.type is not FactType.DATE or key not in facts:
            continue
        day = fact_date(facts[key])
        if day is None:
            continue
        what = spec.description or key.replace("_", " ")
        sources = "\n".join(f"Source: {s.url}" for s in cell.sources if s.primary)
        found.append(CalendarEvent(
            uid=event_uid(offering_id, dim.id, FACT_KIND_PREFIX + key), day=day, kind=FACT_KIND_PREFIX + key,
            summary=f"{dim.label} {what}: {offering_name}",
            description=(
                f"{dim.question}\nGrade: {cell.label}.\nThe cell records {key} = {day.isoformat()} "
                f"({what}).\n{sources + chr(10) if sources else ''}{url}"
            ),
            **common,  # type: ignore[arg-type]
        ))
    return found


class _Text(icalendar.vText):
    """A TEXT value escaped by RFC 5545 section 3.3.11 exactly. icalendar's own escaping reads a
    literal backslash-N in the value as an already escaped newline, so hostile or odd text (a
    Windows path, say) would come back changed; here every backslash is escaped first."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
            text = text.replace(raw, escaped)
        return text.encode("utf-8")


END = b"END:VCALENDAR\r\n"


def event_ical(e: CalendarEvent) -> bytes:
    """One event's VEVENT block (folded content lines ending in CRLF), as a calendar holds it."""
    ev = icalendar.Event()
    ev.add("uid", e.uid)
    ev.add("dtstamp", e.stamp.astimezone(dt.UTC))
    ev.add("last-modified", e.stamp.astimezone(dt.UTC))
    ev.add("sequence", e.sequence)
    ev.add("dtstart", e.day)
    ev.add("dtend", e.day + dt.timedelta(days=1))
    ev.add("summary", _Text(e.summary))
    ev.add("description", _Text(e.description))
    ev.add("url", e.url)
    ev.add("categories", [e.kind])
    ev.add("transp", "TRANSPARENT")  # a reminder, not time a person is busy
    return bytes(ev.to_ical())


def assemble(blocks: Iterable[tuple[CalendarEvent, bytes]], *, name: str, description: str) -> bytes:
    """An iCalendar document of events already rendered by :func:`event_ical`, in a stable order
    (date, then UID), so an unchanged registry gives byte-identical output. Content lines are folded
    one by one, so the blocks join into the bytes icalendar gives for the whole calendar: rendering
    each event once serves every calendar that holds it."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _Text(name))
    cal.add("x-wr-caldesc", _Text(description))
    head = bytes(cal.to_ical())
    if not head.endswith(END):
        raise ValueError(f"icalendar ended a calendar with {head[-20:]!r}, not {END!r}")
    ordered = sorted(blocks, key=lambda b: (b[0].day, b[0].uid))
    return b"".join([head[:-len(END)], *(block for _, block in ordered), END])


def render(events: Iterable[CalendarEvent], *, name: str, description: str) -> bytes:
    """An iCalendar document of all-day events (see :func:`assemble`)."""
    return assemble(((e, event_ical(e)) for e in events), name=name, description=description)

"""The registry-wide calendars as bulk files: the whole registry's and each question's.

Every offering's events are resolved once per change, by the bulk build (``bulk.build``, which
calls :func:`calendar_files` through ``settings.TRUSTREG_BULK_FILES``), never on a request: the
views serve the built files. One offering's calendar stays per request (its work is one offering's).
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO

from django.urls import reverse

from trustreg.bulk.build import ExtraFile
from trustreg.domain.catalogue import Dimension
from trustreg.feeds import calendar
from trustreg.feeds import selectors as feed_selectors
from trustreg.registry import selectors

CONTENT_TYPE = "text/calendar; charset=utf-8"
REGISTRY = "calendar.ics"
REGISTRY_NAME = "Trust Registry: evidence dates"
REGISTRY_ABOUT = "When each offering's evidence expires, and the report and certificate dates its facts give."


def question_file(dim: Dimension) -> str:
    return f"calendar-{dim.id}.ics"


def question_name(dim: Dimension) -> str:
    return f"{dim.label}: evidence dates (Trust Registry)"


def question_about(dim: Dimension) -> str:
    return f"{dim.question} When each offering's evidence expires, and the dates its facts give."


Blocks = list[tuple[calendar.CalendarEvent, bytes]]


def _writer(blocks: Blocks, name: str, about: str):  # noqa: ANN202 - a store.Writer
    def write(fh: IO[str]) -> None:
        fh.write(calendar.assemble(blocks, name=name, description=about).decode("utf-8"))
    return write


def calendar_files() -> list[ExtraFile]:
    """The registry's calendar and one per question, from one resolution of every listed offering
    and one rendering of each event (a question's calendar holds the registry's events for it)."""
    events = [(e, calendar.event_ical(e)) for e in feed_selectors.registry_events()]
    by_question: dict[str, Blocks] = defaultdict(list)
    for e, block in events:
        by_question[e.dimension_id].append((e, block))
    files = [ExtraFile(REGISTRY, CONTENT_TYPE, _writer(events, REGISTRY_NAME, REGISTRY_ABOUT),
                       reverse("feeds:registry_calendar"))]
    files += [ExtraFile(question_file(d), CONTENT_TYPE, _writer(by_question[d.id], question_name(d), question_about(d)),
                        reverse("feeds:question_calendar", args=[d.slug]))
              for d in selectors.catalogue().dimensions]
    return files

"""Shared helpers for the history tests: load registries at chosen moments, read pages' main part, and
replay revisions as a plain model to check the database's answer against."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from trustreg.domain.bundle import Bundle, read_dir
from trustreg.domain.fieldtypes import replace
from trustreg.domain.history import CellData, CellKey, end_of_day
from trustreg.registry.services import LoadReport, registry_load

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"


def bundled() -> Bundle:
    return read_dir(REGISTRY_DIR)


@contextmanager
def frozen(when: dt.datetime) -> Any:
    """Services stamp revisions with timezone.now(): pin it to ``when``."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def load_at(bundle: Bundle, when: dt.datetime, **kw: Any) -> LoadReport:
    with frozen(when):
        return registry_load(actor="test", bundle=bundle, **kw)


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=dt.UTC)


def with_party_cell(bundle: Bundle, party_id: str, dim: str, **changes: Any) -> Bundle:
    """``bundle`` with one of a party's cells changed."""
    parties = []
    for p in bundle.parties:
        if p.id == party_id:
            cells = dict(p.cells)
            cells[dim] = replace(cells[dim], **changes)
            p = replace(p, cells=cells)
        parties.append(p)
    return replace(bundle, parties=tuple(parties))


XSS = "<script>alert('x')</script>"


def publish_two_days() -> None:
    """The bundled registry published on 2026-05-01, then Azure's SOC 2 cell regraded on 2026-05-03
    by a vendor change whose notes and reason carry markup."""
    b = bundled()
    load_at(b, at("2026-05-01"))
    load_at(
        with_party_cell(b, "microsoft-azure", "soc2_type2", grade="yes_public", notes=f"Now public. {XSS}"),
        at("2026-05-03"),
        reason=f"Report published {XSS}",
        kind="vendor_changed",
    )


MAIN_RE = re.compile(r"<main\b.*?</main>", re.S)
# Evidence ages are counted to the day shown: they differ by design between today and as-of pages.
AGE_RE = re.compile(r'verified today|verified -?\d+ d ago|class="ev-brief" aria-hidden="true">[^<]*')


PRINT_STAMP_RE = re.compile(r'<div class="print-stamp[^"]*">.*?</div>', re.S)
AS_OF_LINK_RE = re.compile(r'(href="[^"?]*)\?as_of=\d{4}-\d{2}-\d{2}"')


def main_part(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    m = MAIN_RE.search(text)
    assert m, "page has no <main>"
    # What pins the day shown (memo links, the print stamp and its permalink) differs by design
    # between today's page and an as-of page; the registry content must not.
    return AGE_RE.sub("(age)", AS_OF_LINK_RE.sub(r'\1"', PRINT_STAMP_RE.sub("", m.group(0))))


# The state of every cell at any moment, by replaying every revision in publication order.


@dataclass(frozen=True)
class RevisionEvent:
    """What replay needs of a revision."""

    holder: str
    dimension: str
    published_at: dt.datetime
    before: CellData | None
    after: CellData | None
    id: int = 0


def replay(events: Iterable[RevisionEvent], until: dt.datetime | None = None) -> dict[CellKey, CellData]:
    """The data of every cell that exists just before ``until`` (all events when None).

    Events are applied in (published_at, id) order whatever order they come in.
    """
    state: dict[CellKey, CellData] = {}
    for ev in sorted(events, key=lambda e: (e.published_at, e.id)):
        if until is not None and ev.published_at >= until:
            break
        key = (ev.holder, ev.dimension)
        if ev.after is None:
            state.pop(key, None)
        else:
            state[key] = ev.after
    return state


def state_on(events: Iterable[RevisionEvent], day: dt.date) -> dict[CellKey, CellData]:
    """Every cell as it was at the end of ``day`` (UTC)."""
    return replay(events, end_of_day(day))

"""A small registry loaded at chosen moments, for the tests of the past days' data.json files."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from tests.history_helpers import at, bundled, frozen, load_at
from trustreg.bulk import build, dayfill, store
from trustreg.domain.bundle import Bundle
from trustreg.domain.fieldtypes import replace


@functools.cache
def small() -> Bundle:
    """Three offerings of the bundled registry and the parties they name: quick to load."""
    b = bundled()
    offerings = b.offerings[:3]
    named = {p for o in offerings for p in (o.developer, o.platform)}
    return replace(b, offerings=offerings, parties=tuple(p for p in b.parties if p.id in named))


def regraded(b: Bundle, n: int) -> Bundle:
    """``b`` with the notes of the ``n``-th offering's own cell of a core question (data.json holds
    those) changed: a revision that data.json shows."""
    core = {d.id for d in b.catalogue.dimensions}
    cells = [(i, dim) for i, o in enumerate(b.offerings) for dim in o.cells if dim in core]
    i, dim = cells[n % len(cells)]
    o = b.offerings[i]
    changed = replace(o, cells={**o.cells, dim: replace(o.cells[dim], notes=f"Changed, version {n}.")})
    return replace(b, offerings=(*b.offerings[:i], changed, *b.offerings[i + 1:]))


def renamed(b: Bundle, summary: str) -> Bundle:
    """``b`` with its first offering's summary changed (no revision: today's details only)."""
    first = replace(b.offerings[0], summary=summary)
    return replace(b, offerings=(first, *b.offerings[1:]))


def load(b: Bundle, day: str, hour: int = 12, **kw: Any) -> None:
    load_at(b, at(day, hour), **kw)


def build_at(day: str, hour: int = 20) -> store.Generation:
    with frozen(at(day, hour)):
        return build.build()


def fill_at(day: str, hour: int = 21) -> list[dt.date]:
    """As the worker's jobs do on ``day``: refresh, then replay every kept day without a file."""
    with frozen(at(day, hour)):
        with store.build_lock():
            missing = dayfill.refresh(dayfill.label())
        for d in missing:
            assert dayfill.fill(d)
        return missing

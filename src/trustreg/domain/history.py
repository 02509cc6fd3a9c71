"""The registry's history: replaying revisions to any date, and cell-by-cell differences.

A revision records one published change to one cell: its holder (``offering:<id>`` or
``party:<id>``), dimension, publication time and the cell's plain data before and after (``None``
when the cell did not exist or was removed). The state of every cell at the end of a day is the
``after`` of its last revision published before ``end_of_day`` (``registry.history`` asks the
database for exactly that). No Django here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trustreg.domain.bundle import annotation_data, source_data
from trustreg.domain.cells import (
    CELL_VALUES,
    CellRecord,
    ResolvedCell,
    ScopeRecord,
)
from trustreg.domain.worddiff import WordDiff, word_diff

CellKey = tuple[str, str]  # (holder, dimension id)
CellData = dict[str, Any]

# The changelog compares at most this many words of each prose field, and shows them all.
WORD_DIFF_CAP = 4000


_YYYY_MM_DD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadDate(ValueError):
    """A date parameter that is not a real YYYY-MM-DD date."""


def parse_date(text: str, *, name: str = "as_of") -> dt.date:
    """``YYYY-MM-DD`` as a date, or BadDate with a message that says what was wrong."""
    value = text.strip()
    # the shape first: fromisoformat also reads ISO week dates ("2026-W01-1"), also ten characters
    if not _YYYY_MM_DD.fullmatch(value):
        raise BadDate(f"{name} must be a date written YYYY-MM-DD, got {value[:40]!r}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadDate(f"{name} must be a real date written YYYY-MM-DD, got {value!r}") from None
    if day == dt.date.max:
        raise BadDate(f"{name} {value} is past the last date the registry can show")
    return day


def not_after_today(day: dt.date, today: dt.date, *, name: str = "as_of") -> tuple[dt.date, str]:
    """A day that has not begun read as today, with the note saying so ("" for any other day): the
    registry cannot show the future, and a clock a day ahead should not break a link."""
    if day <= today:
        return day, ""
    return today, f"{name} {day.isoformat()} is in the future: showing today, {today.isoformat()} (UTC), instead."


def start_of_day(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` (UTC); any day, 0001-01-01 too."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC): revisions published before it count for that day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def holder_key(kind: str, holder_id: str) -> str:
    return f"{kind}:{holder_id}"


def offering_holders(offering_id: str, developer_id: str, platform_id: str) -> list[str]:
    """The holders whose cells an offering shows: its own, and its two parties' (two-level rule)."""
    return [holder_key("offering", offering_id), holder_key("party", developer_id),
            holder_key("party", platform_id)]


def split_holder(holder: str) -> tuple[str, str]:
    kind, _, holder_id = holder.partition(":")
    return kind, holder_id


# --------------------------------------------------------------------------------------------
# Plain data back to records (the inverse of bundle.cell_data / scope_data for our own data)


def record_from_data(data: Mapping[str, Any] | None) -> CellRecord | ScopeRecord | None:
    """The record a revision's ``before``/``after`` describes (``{"scope": ...}`` = scope entry):
    read by the record's own model, so every field it writes (a source's ``copy`` too) comes back."""
    if data is None:
        return None
    if "scope" in data:
        return ScopeRecord.model_validate(data["scope"])
    return CellRecord.model_validate(data)


# --------------------------------------------------------------------------------------------
# Differences


def prose_diff(before: str, after: str) -> WordDiff:
    """A prose field's change as the changelog shows it: the one word diff, unchanged runs whole."""
    return word_diff(before, after, max_words=WORD_DIFF_CAP, context=None)


@dataclass(frozen=True)
class FieldChange:
    """One field that differs. ``words`` is set for prose; ``added``/``removed`` for lists and maps."""

    field: str
    before: Any
    after: Any
    words: WordDiff | None = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    changed: tuple[tuple[str, Any, Any], ...] = ()  # (key, before, after) for facts


@dataclass(frozen=True)
class CellDiff:
    status: str  # "added", "removed", "changed", "unchanged"
    changes: tuple[FieldChange, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    def field(self, name: str) -> FieldChange | None:
        return next((c for c in self.changes if c.field == name), None)


PROSE = ("summary", "notes", "caveat", "override_reason")
FIELD_ORDER = ("origin", *CellRecord.model_fields)


def flat_data(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """A cell's data with a scope entry's fields lifted to the top (so both compare alike)."""
    if data is None:
        return {}
    if "scope" in data:
        return dict(data["scope"])
    return dict(data)


def diff_data(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> CellDiff:
    """Field-by-field difference between two cells' plain data."""
    if before is None and after is None:
        return CellDiff("unchanged")
    a, b = flat_data(before), flat_data(after)
    changes: list[FieldChange] = []
    for key in _keys(a, b):
        va, vb = a.get(key), b.get(key)
        if va == vb:
            continue
        if key in PROSE:
            changes.append(FieldChange(key, va, vb, words=prose_diff(va or "", vb or "")))
        elif key == "facts":
            fa, fb = va or {}, vb or {}
            changes.append(FieldChange(
                key, va, vb,
                added=tuple((k, fb[k]) for k in fb if k not in fa),
                removed=tuple((k, fa[k]) for k in fa if k not in fb),
                changed=tuple((k, fa[k], fb[k]) for k in fb if k in fa and fa[k] != fb[k]),
            ))
        elif key in ("sources", "annotations"):
            la, lb = list(va or []), list(vb or [])
            changes.append(FieldChange(
                key, va, vb,
                added=tuple(x for x in lb if x not in la), removed=tuple(x for x in la if x not in lb),
            ))
        else:
            changes.append(FieldChange(key, va, vb))
    if before is None:
        return CellDiff("added", tuple(changes))
    if after is None:
        return CellDiff("removed", tuple(changes))
    return CellDiff("changed" if changes else "unchanged", tuple(changes))


# The text fields of a cell a buyer sees beside its grade, notes and verified date.
RECORD_TEXT = tuple(n for n in CELL_VALUES if n not in ("grade", "notes", "verified"))


def resolved_data(cell: ResolvedCell) -> dict[str, Any] | None:
    """What a buyer sees of a resolved cell (own or inherited, with scope), as comparable data."""
    if cell.record is None and cell.scope is None:
        return None
    rec = cell.record
    data: dict[str, Any] = {"origin": cell.origin.value, "grade": cell.grade}
    if rec is not None:
        for key in RECORD_TEXT:
            if value := getattr(rec, key):
                data[key] = value
        if rec.verified:
            data["verified"] = rec.verified.isoformat()
    if notes := "\n\n".join(cell.notes):
        data["notes"] = notes
    if facts := cell.facts:
        data["facts"] = facts
    if cell.sources:
        data["sources"] = [source_data(s) for s in cell.sources]
    if cell.annotations:
        data["annotations"] = [annotation_data(a) for a in cell.annotations]
    return data


def describe_item(value: Any) -> str:
    """A source, annotation or (key, value) fact of a diff as one line of plain text."""
    if isinstance(value, Mapping) and "url" in value:
        quote = f": “{value['quote']}”" if value.get("quote") else ""
        kind = f"{value.get('kind', '')}, {'primary' if value.get('primary') else 'secondary'}"
        return f"{value.get('title') or value['url']} <{value['url']}> ({kind}){quote}"
    if isinstance(value, Mapping) and "decision" in value:
        return (f"[{value.get('author', 'human')} {value.get('date', '')}] "
                f"{str(value.get('decision', '')).capitalize()}: {value.get('reason', '')}")
    if isinstance(value, tuple | list) and len(value) == 2:
        return f"{value[0]}: {scalar_text(value[1])}"
    return scalar_text(value)


def scalar_text(value: Any) -> str:
    """A field's value as a history page shows it (``catalogue.describe_value`` words errors)."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(scalar_text(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class ChangeSummary:
    """The one line a changelog entry shows: which grade went where, and what else moved."""

    grade_before: str | None
    grade_after: str | None
    fields: tuple[str, ...] = field(default_factory=tuple)
    status: str = "changed"


def summarise(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> ChangeSummary:
    """Which fields changed, without computing their diffs (cheap enough for every changelog row)."""
    a, b = flat_data(before), flat_data(after)
    changed = tuple(k for k in _keys(a, b) if a.get(k) != b.get(k) and k != "grade")
    if before is None or after is None:
        status = "added" if before is None else "removed"
    else:
        status = "changed" if changed or a.get("grade") != b.get("grade") else "unchanged"
    return ChangeSummary(_grade_of(before), _grade_of(after), changed, status)


def _keys(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    return [k for k in FIELD_ORDER if k in a or k in b] + sorted((set(a) | set(b)) - set(FIELD_ORDER))


def _grade_of(data: Mapping[str, Any] | None) -> str | None:
    if data is None or "scope" in data:
        return None
    return data.get("grade")

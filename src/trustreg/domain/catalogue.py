"""The dimension catalogue: questions asked of every offering, and the facts each allows.

The catalogue is data (``data/registry/dimensions.yaml``); this module only knows its shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trustreg.domain import yamlio


class Level(StrEnum):
    """Which party a dimension grades (the two-level rule)."""

    PLATFORM = "platform"
    DEVELOPER = "developer"

    @property
    def role(self) -> str:
        """The graded party's role, as pages name it."""
        return "serving platform" if self is Level.PLATFORM else "model developer"

    @property
    def offering_field(self) -> str:
        """The offering's field naming the graded party (``platform_id`` or ``developer_id``)."""
        return f"{self.value}_id"


class FactType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    URL = "url"
    STRING_LIST = "list"


MAX_FACT_TEXT = 2_000


def fact_problem(value: Any, fact_type: FactType) -> str | None:
    """Why ``value`` is not a valid fact of ``fact_type``, or None when it is."""
    if fact_type is FactType.BOOLEAN:
        return None if isinstance(value, bool) else f"expected true or false, got {describe_value(value)}"
    if fact_type is FactType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {describe_value(value)}"
        return None
    if fact_type is FactType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {describe_value(value)}"
        return None
    if fact_type is FactType.DATE:
        if fact_date(value) is not None:
            return None
        return f"expected a date YYYY-MM-DD, got {describe_value(value)}"
    if fact_type is FactType.URL:
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            return _text_problem(value)
        return f"expected an http(s) URL, got {describe_value(value)}"
    if fact_type is FactType.STRING_LIST:
        if not isinstance(value, list) or not value:
            return f"expected a non-empty list of text, got {describe_value(value)}"
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                return f"item {i} must be non-empty text, got {describe_value(item)}"
            if (p := _text_problem(item)) is not None:
                return f"item {i}: {p}"
        return None
    if not isinstance(value, str) or not value.strip():
        return f"expected non-empty text, got {describe_value(value)}"
    return _text_problem(value)


def _text_problem(value: str) -> str | None:
    if len(value) > MAX_FACT_TEXT:
        return f"text is {len(value)} characters, the limit is {MAX_FACT_TEXT}"
    return None


def fact_date(value: Any) -> dt.date | None:
    """The day a date fact gives: a date (not a date and time) or text YYYY-MM-DD; None otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def describe_value(value: Any) -> str:
    """A short, safe description of a value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, yamlio.Unreadable):
        return repr(value)
    return type(value).__name__


@dataclass(frozen=True)
class FactSpec:
    key: str
    type: FactType
    description: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    description: str = ""
    # Informational questions (configurable controls, other attestations) describe an offering
    # beyond the core questions: never a watch-out, never in the public data.json's eleven.
    informational: bool = False


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    question: str
    group: str
    level: Level
    slug: str
    freshness_days: int
    facts: dict[str, FactSpec] = field(default_factory=dict)
    description: str = ""

    def fact_problem(self, key: str, value: Any) -> str | None:
        spec = self.facts.get(key)
        if spec is None:
            allowed = ", ".join(sorted(self.facts)) or "none"
            return f"fact {key!r} is not allowed for dimension {self.id} (allowed: {allowed})"
        return fact_problem(value, spec.type)


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    dimensions: tuple[Dimension, ...]  # the core questions: graded, watch-outs, data.json
    informational: tuple[Dimension, ...] = ()  # questions of informational groups

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {d.id: d for d in self.all_dimensions})

    @property
    def all_dimensions(self) -> tuple[Dimension, ...]:
        return self.dimensions + self.informational

    @staticmethod
    def split(groups: tuple[Group, ...], dimensions: tuple[Dimension, ...]) -> Catalogue:
        """A catalogue whose dimensions in informational groups are kept apart from the core ones."""
        info = {g.id for g in groups if g.informational}
        return Catalogue(groups, tuple(d for d in dimensions if d.group not in info),
                         tuple(d for d in dimensions if d.group in info))

    def get(self, dimension_id: str) -> Dimension | None:
        return self._by_id.get(dimension_id)  # type: ignore[attr-defined,no-any-return]

    def ids(self) -> list[str]:
        """Every question the catalogue knows, core first, informational after."""
        return [d.id for d in self.all_dimensions]

"""The dimension catalogue: questions asked of every offering, and the facts each allows.

The catalogue is data (``data/registry/dimensions.yaml``); this module only knows its shape. Its
groups, questions and fact specs are records (pydantic models) whose fields carry the rules of
``domain.fieldtypes``, so the file's problems come back as ``dimensions.yaml: path: reason``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, ValidationError, ValidationInfo

from trustreg.domain import fieldtypes as ft
from trustreg.domain.values import describe_value, fact_date


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


IDENTIFIER = "an identifier (lower case, digits, _)"


class FactSpec(ft.Record):
    """A fact a question allows: its key, its type and what it means. In the catalogue file it is
    given under its key, as its type alone or as ``{type, description}``."""

    key: Annotated[str, ft.text(60, required=True, pattern=ft.DIMENSION_ID_RE, what=IDENTIFIER)]
    type: Annotated[FactType, ft.choice([t.value for t in FactType]), AfterValidator(FactType)]
    description: Annotated[str, ft.text(ft.LIMITS["description"])] = ""


class Group(ft.Record):
    id: Annotated[str, ft.text(60, required=True, pattern=ft.DIMENSION_ID_RE, what=IDENTIFIER)]
    label: Annotated[str, ft.text(ft.LIMITS["label"], required=True)]
    description: Annotated[str, ft.text(ft.LIMITS["description"])] = ""
    # Informational questions (configurable controls, other attestations) describe an offering
    # beyond the core questions: never a watch-out, never in the public data.json's eleven.
    informational: Annotated[bool, ft.boolean()] = False


def _group(value: Any, info: ValidationInfo) -> str:
    """One of the catalogue's groups when they are given (``context={"groups": ids}``), else an id."""
    groups = (info.context or {}).get("groups")
    rule = ft.choice(groups) if groups is not None else ft.text(60, required=True)
    return rule.func(value)  # type: ignore[no-any-return]


def _days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ft.refuse([("", f"expected a positive whole number of days, got {describe_value(value)}")])
    return value


def _facts(value: Any) -> Any:
    """The file's ``facts``: each key an identifier, each spec a type or ``{type, description}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ft.refuse([("", f"expected a mapping, got {describe_value(value)}")])
    found: list[tuple[str, str]] = []
    specs: dict[str, FactSpec] = {}
    for key, spec in value.items():
        if isinstance(spec, FactSpec):
            specs[key] = spec
            continue
        if not isinstance(key, str) or not ft.DIMENSION_ID_RE.match(key):
            found.append((str(key), "fact keys are identifiers (lower case, digits, _)"))
            continue
        spec = {"type": spec} if isinstance(spec, str) else spec
        if isinstance(spec, Mapping) and "key" in spec:
            found.append((f"{key}.key", "unknown field (allowed: description, type)"))
            continue
        try:
            specs[key] = FactSpec.model_validate({**spec, "key": key} if isinstance(spec, Mapping) else spec)
        except ValidationError as exc:
            found += [(ft.join(key, sub), reason) for sub, reason in ft.problems(exc, FactSpec, hidden=("key",))]
    if found:
        raise ft.refuse(found)
    return specs


class Dimension(ft.Record):
    """A question asked of every offering (an entry of the catalogue's ``dimensions``)."""

    id: Annotated[str, ft.text(60, required=True, pattern=ft.DIMENSION_ID_RE, what=IDENTIFIER)]
    label: Annotated[str, ft.text(ft.LIMITS["label"], required=True)]
    question: Annotated[str, ft.text(ft.LIMITS["question"], required=True)]
    group: Annotated[str, PlainValidator(_group, json_schema_input_type=str)]
    level: Annotated[Level, ft.choice([lv.value for lv in Level]), AfterValidator(Level)]
    slug: Annotated[str, ft.text(80, required=True, pattern=ft.ID_RE, what="a URL slug (lower case, digits, -)")]
    freshness_days: Annotated[int, PlainValidator(_days, json_schema_input_type=int)]
    facts: Annotated[dict[str, FactSpec], BeforeValidator(_facts)] = Field(default_factory=dict)
    description: Annotated[str, ft.text(ft.LIMITS["description"])] = ""

    def fact_problem(self, key: str, value: Any) -> str | None:
        spec = self.facts.get(key)
        if spec is None:
            allowed = ", ".join(sorted(self.facts)) or "none"
            return f"fact {key!r} is not allowed for dimension {self.id} (allowed: {allowed})"
        return fact_problem(value, spec.type)


class CatalogueFile(ft.Record):
    """The catalogue's file (``dimensions.yaml``): its groups and its questions."""

    groups: Annotated[tuple[Group, ...], ft.listing()]
    dimensions: Annotated[tuple[Dimension, ...], ft.listing()]


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

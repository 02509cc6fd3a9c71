"""The rules for the fields of a record, as pydantic types, and the problems a failed record has.

Every rule here reports in the registry's own words (``text is 30000 characters, the limit is
20000``), so a data file, a data.json document and a workbench draft all say the same thing. A
rule raises one ``record_problem`` error whose context lists ``(path within the field, reason)``
pairs: one value can have several problems (too long *and* holding a NUL), and a mapping of facts
can name the key at fault. ``problems`` turns a ``ValidationError`` into ``(path, reason)`` pairs,
the path built from pydantic's ``loc``; the reader adds the file name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from trustreg.domain.values import describe_value, fact_date

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DIMENSION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
QUALIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
URL_RE = re.compile(r"^https?://[^\s<>\"']{1,2000}$")
COPY_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")

LIMITS = {
    "name": 200,
    "label": 80,
    "question": 400,
    "summary": 600,
    "notes": 20_000,
    "caveat": 5_000,
    "quote": 5_000,
    "reason": 2_000,
    "title": 400,
    "publisher": 200,
    "geography": 400,
    "description": 4_000,
    "offering_summary": 4_000,
    "model_family": 120,
    "organisation": 200,
    "author": 120,
    "override_reason": 2_000,
}

PROBLEM = "record_problem"
T = TypeVar("T")


class Record(BaseModel):
    """A record of the registry: immutable, and refusing fields it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def refuse(problems: Iterable[tuple[str, str]]) -> PydanticCustomError:
    """The error a rule raises: each problem is (path within the value, reason)."""
    found = tuple(problems)
    return PydanticCustomError(PROBLEM, "{reason}", {"reason": found[0][1], "problems": found})


def join(path: str, key: str) -> str:
    if not key:
        return path
    return f"{path}.{key}" if path else key


def text_reasons(
    value: Any, *, limit: int, required: bool = False, pattern: re.Pattern[str] | None = None, what: str = ""
) -> list[str]:
    """Why ``value`` is not acceptable text for a field (nothing, for text that is)."""
    if value is None:
        return ["must not be empty"] if required else []
    if not isinstance(value, str):
        return [f"expected text, got {describe_value(value)}"]
    reasons = []
    if required and not value.strip():
        reasons.append("must not be empty")
    if len(value) > limit:
        reasons.append(f"text is {len(value)} characters, the limit is {limit}")
    if "\x00" in value:
        reasons.append("text contains a NUL character")
    if pattern is not None and value and not pattern.match(value):
        reasons.append(f"{value[:60]!r} is not {what or 'well-formed'}")
    return reasons


def _fine(value: Any, limit: int, pattern: re.Pattern[str] | None) -> bool:
    """Text that ``text_reasons`` accepts whatever ``required`` says (``required`` asks for more)."""
    return (type(value) is str and len(value) <= limit and "\x00" not in value
            and (pattern is None or not value or pattern.match(value) is not None))


def text(
    limit: int, *, required: bool = False, pattern: re.Pattern[str] | None = None, what: str = "",
    empty: str = "",
) -> Any:
    """Text of at most ``limit`` characters; nothing (or empty text) reads as ``empty``."""

    def check(value: Any) -> str:
        if _fine(value, limit, pattern) and (not required or value.strip()):
            return value or empty  # text_reasons would find nothing (a load checks millions of these)
        if reasons := text_reasons(value, limit=limit, required=required, pattern=pattern, what=what):
            raise refuse(("", r) for r in reasons)
        return value or empty

    return PlainValidator(check, json_schema_input_type=str)


def optional_text(limit: int, *, pattern: re.Pattern[str] | None = None, what: str = "") -> Any:
    """Like ``text``, but nothing and empty text read as None."""

    def check(value: Any) -> str | None:
        if value is None or _fine(value, limit, pattern):
            return value or None  # text_reasons would find nothing
        if reasons := text_reasons(value, limit=limit, pattern=pattern, what=what):
            raise refuse(("", r) for r in reasons)
        return value or None

    return PlainValidator(check, json_schema_input_type=str | None)


def url() -> Any:
    return optional_text(2000, pattern=URL_RE, what="an http(s) URL")


def qualifier() -> Any:
    """A cell's tier, route or default: the one rule for data files and data.json alike."""
    return optional_text(60, pattern=QUALIFIER_RE, what="a qualifier value (lower case, digits, _)")


def choice(choices: Iterable[str], *, required: bool = True, empty: str | None = None) -> Any:
    """One of ``choices``; nothing is refused unless the field is optional (then it is ``empty``)."""
    allowed = list(choices)

    def check(value: Any) -> str | None:
        if value is None:
            if required:
                raise refuse([("", "must not be empty")])
            return empty
        if value not in allowed:
            raise refuse([("", f"{describe_value(value)} is not one of: {', '.join(allowed)}")])
        return str(value)

    return PlainValidator(check, json_schema_input_type=str)


def boolean() -> Any:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise refuse([("", f"expected true or false, got {describe_value(value)}")])
        return value

    return PlainValidator(check, json_schema_input_type=bool)


def whole_number() -> Any:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse([("", f"expected a whole number, got {describe_value(value)}")])
        return value

    return PlainValidator(check, json_schema_input_type=int)


def as_date(value: Any) -> dt.date | None:
    """The date a value gives (a date, a datetime's day, or text YYYY-MM-DD), or None if it gives none."""
    if isinstance(value, dt.datetime):
        return value.date()
    return fact_date(value)


def date(*, required: bool = False) -> Any:
    """A date, given as one or as text YYYY-MM-DD; nothing is None unless the field is required."""

    def check(value: Any) -> dt.date | None:
        if value is None and not required:
            return None
        day = as_date(value)
        if day is None:
            raise refuse([("", f"expected a date YYYY-MM-DD, got {describe_value(value)}")])
        return day

    return PlainValidator(check, json_schema_input_type=str)


def not_after_today(why: str = "") -> Any:
    """A date no later than the reader's day (context ``today``; a reader that gives none takes any
    date): the one rule for every date that records something already done."""

    def check(value: dt.date, info: ValidationInfo) -> dt.date:
        today = (info.context or {}).get("today")
        if today is not None and value > today:
            raise refuse([("", f"{value} is in the future: {why}" if why else f"{value} is in the future")])
        return value

    return AfterValidator(check)


def listing() -> Any:
    """A list (of records validated by the field's item type); nothing is an empty list."""

    def check(value: Any) -> Any:
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise refuse([("", f"expected a list, got {describe_value(value)}")])
        return value

    return BeforeValidator(check)


def plain_reasons(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Why kept-but-unmodelled data is not JSON-shaped (so would not export unchanged)."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                found.append((path, f"keys must be text, got {describe_value(k)}"))
            found += plain_reasons(v, join(path, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += plain_reasons(v, f"{path}[{i}]")
    elif isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or infinity
        found.append((path, f"{value} is not allowed"))
    elif not (value is None or isinstance(value, str | int | float | bool)):
        found.append((path, f"unsupported value {describe_value(value)}"))
    return found


def plain_mapping() -> Any:
    """Kept-but-unmodelled data (a record's ``extra``): a mapping of JSON-shaped values."""

    def check(value: Any) -> dict[str, Any]:
        value = value or {}
        if not isinstance(value, dict):
            raise refuse([("", f"expected a mapping, got {describe_value(value)}")])
        if found := plain_reasons(value):
            raise refuse(found)
        return value

    return PlainValidator(check, json_schema_input_type=dict[str, Any])


# The problems of a failed record -------------------------------------------------------------


def loc_path(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        path = f"{path}[{part}]" if isinstance(part, int) else join(path, str(part))
    return path


def problems(
    exc: ValidationError, model: type[BaseModel], *, hidden: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Every problem of a failed ``model`` as (dotted path, reason), in the registry's words.

    ``hidden`` names fields this use of the model does not allow (they are left out of the list of
    allowed fields an unknown field is told about)."""
    found: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        path = loc_path(loc)
        kind = err["type"]
        if kind == PROBLEM:
            found += [(join(path, sub), reason) for sub, reason in err["ctx"]["problems"]]
        elif kind == "invalid_key":
            found.append((loc_path(loc[:-1]), f"keys must be text, got {describe_value(err['input'])}"))
        elif kind == "missing":
            found.append((path, "required field is missing"))
        elif kind == "extra_forbidden":
            allowed = sorted(set(field_names(model_at(model, loc[:-1]))) - set(hidden))
            found.append((path, f"unknown field (allowed: {', '.join(allowed)})"))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            found.append((path, f"expected a mapping, got {describe_value(err['input'])}"))
        else:  # a rule pydantic applies itself (a key that is not text, say)
            found.append((path, err["msg"]))
    return found


def field_names(model: Any) -> list[str]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def model_at(model: Any, loc: Iterable[int | str]) -> Any:
    """The type found at ``loc`` inside ``model`` (a model, a list's item, a mapping's value)."""
    tp = model
    for part in loc:
        tp = _bare(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next((f for n, f in tp.model_fields.items() if (f.alias or n) == part), None)
            tp = field.annotation if field else None
        else:
            args = [a for a in get_args(tp) if a is not Ellipsis]
            tp = args[-1] if args else None
    return _bare(tp)


def _bare(tp: Any) -> Any:
    """``tp`` without Annotated metadata or an ``| None``."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else tp
            if len(rest) != 1:
                return tp
        else:
            return tp



def replace(obj: T, /, **changes: Any) -> T:
    """A copy of a record (or of a dataclass such as a Bundle) with ``changes``, validated again."""
    if isinstance(obj, BaseModel):
        return type(obj)(**{**obj.__dict__, **changes})
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


# An optional http(s) URL. (A type of its own: a record with a field named ``url`` hides ``url()``.)
Url = Annotated[str | None, url()]

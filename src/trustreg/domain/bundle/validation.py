"""The reader's toolkit: walk one file's data, collecting every problem with its dotted path."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trustreg.domain import fieldtypes
from trustreg.domain.bundle.records import QUALIFIER_RE, Problem
from trustreg.domain.values import describe_value

R = TypeVar("R", bound=BaseModel)


def record_of(
    file: str, model: type[R], value: Any, *, path: str = "", context: dict[str, Any] | None = None,
    hidden: Iterable[str] = (),
) -> tuple[R | None, list[Problem]]:
    """``value`` as a ``model`` record, or None; with every problem it has, named ``file: path: reason``."""
    try:
        return model.model_validate(value, context=context), []
    except ValidationError as exc:
        return None, [Problem(file, join(path, sub), reason)
                      for sub, reason in fieldtypes.problems(exc, model, hidden=hidden)]


class Reader:
    """Walks one file's data, collecting problems with their dotted paths."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))

    def record(
        self, model: type[R], value: Any, path: str, *, context: dict[str, Any] | None = None,
        hidden: Iterable[str] = (),
    ) -> R | None:
        """``value`` as a ``model`` record, or None with every problem it has noted at ``path``."""
        record, problems = record_of(self.file, model, value, path=path, context=context, hidden=hidden)
        self.problems += problems
        return record

    def mapping(
        self, value: Any, path: str, *, required: Iterable[str] = (), allowed: Iterable[str] = (),
        closed: bool = True,
    ) -> dict[str, Any] | None:
        """Check a mapping; unless ``closed`` is False, keys outside required/allowed are problems."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, got {describe_value(value)}")
            return None
        required = set(required)
        allowed = set(allowed) | required
        for key in value:
            if not isinstance(key, str):
                self.problem(path, f"keys must be text, got {describe_value(key)}")
            elif closed and allowed and key not in allowed:
                self.problem(join(path, key), f"unknown field (allowed: {', '.join(sorted(allowed))})")
        for key in sorted(required - set(value)):
            self.problem(join(path, key), "required field is missing")
        return value

    def text(
        self, m: Mapping[str, Any], key: str, path: str, *, limit: int, required: bool = False,
        pattern: re.Pattern[str] | None = None, what: str = "",
    ) -> str:
        value = m.get(key)
        p = join(path, key)
        if value is None:
            if required and key in m:
                self.problem(p, "must not be empty")
            return ""
        if not isinstance(value, str):
            self.problem(p, f"expected text, got {describe_value(value)}")
            return ""
        if required and not value.strip():
            self.problem(p, "must not be empty")
        if len(value) > limit:
            self.problem(p, f"text is {len(value)} characters, the limit is {limit}")
        if "\x00" in value:
            self.problem(p, "text contains a NUL character")
        if pattern is not None and value and not pattern.match(value):
            self.problem(p, f"{value[:60]!r} is not {what or 'well-formed'}")
        return value

    def optional_text(self, m: Mapping[str, Any], key: str, path: str, **kw: Any) -> str | None:
        return (self.text(m, key, path, **kw) or None) if m.get(key) is not None else None

    def qualifier(self, m: Mapping[str, Any], key: str, path: str) -> str | None:
        """A cell's tier, route or default: the one rule for data files and data.json alike."""
        return self.optional_text(m, key, path, limit=60, pattern=QUALIFIER_RE,
                                  what="a qualifier value (lower case, digits, _)")

    def choice(
        self, m: Mapping[str, Any], key: str, path: str, choices: Iterable[str], *,
        required: bool = True,
    ) -> str | None:
        value = m.get(key)
        choices = list(choices)
        if value is None:
            if required and key in m:
                self.problem(join(path, key), "must not be empty")
            return None
        if value not in choices:
            self.problem(
                join(path, key), f"{describe_value(value)} is not one of: {', '.join(choices)}"
            )
            return None
        return str(value)

    def boolean(self, m: Mapping[str, Any], key: str, path: str) -> bool:
        value = m.get(key)
        if not isinstance(value, bool):
            self.problem(join(path, key), f"expected true or false, got {describe_value(value)}")
            return False
        return value

    def date(self, m: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = m.get(key)
        if value is None:
            return None
        day = fieldtypes.as_date(value)
        if day is None:
            self.problem(join(path, key), f"expected a date YYYY-MM-DD, got {describe_value(value)}")
        return day

    def listing(self, m: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(join(path, key), f"expected a list, got {describe_value(value)}")
            return []
        return value

    def plain_data(self, value: Any, path: str) -> Any:
        """Check that kept-but-unmodelled data is JSON-shaped (so it exports unchanged)."""
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    self.problem(path, f"keys must be text, got {describe_value(k)}")
                self.plain_data(v, join(path, str(k)))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.plain_data(v, f"{path}[{i}]")
        elif isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or infinity
            self.problem(path, f"{value} is not allowed")
        elif not (value is None or isinstance(value, str | int | float | bool)):
            self.problem(path, f"unsupported value {describe_value(value)}")
        return value


def check_stem(rel: str, record_id: str, r: Reader) -> None:
    stem = Path(rel).stem
    if record_id and stem != record_id:
        r.problem("id", f"{record_id!r} must match the file name ({stem}.yaml)")


def duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


join = fieldtypes.join



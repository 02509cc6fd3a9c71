"""Reading one file's data: its records validated by their models, every problem kept with its path.

The rules live on the models (``domain.fieldtypes``); this only names the file and collects what they say."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trustreg.domain import fieldtypes
from trustreg.domain.bundle.records import Problem

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
    """One file's problems, collected as its records are read (``record``) or checked across them."""

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



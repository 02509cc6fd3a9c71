"""Open review flags bundled with the data: ``review-flags.yaml``.

A reviewer's open question travels with the registry it is about, so a fresh install shows it::

    flags:
      - id: azure-subprocessor-list          # stable: loading again never raises it twice
        offering: azure-openai
        question: gdpr_dpa
        raised: 2026-07-05
        title: Re-verify Microsoft's online-services subprocessor list
        detail: Why the question is open and what would settle it.

``trustreg load`` raises each as an open workbench flag (``flags.services.bundled_flags_raise``);
``trustreg check`` validates the file against the registry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

from trustreg.domain import yamlio
from trustreg.domain.bundle import ID_RE, Bundle, BundleError, Problem
from trustreg.domain.bundle.validation import record_of
from trustreg.domain.fieldtypes import Record, date, listing, not_after_today, refuse, text

FILE = "review-flags.yaml"


def _known(kind: str, says: str) -> Any:
    """A value the registry must know (``context[kind]``, when the context gives it)."""

    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(kind)
        if value and known is not None and value not in known:
            raise refuse([("", says.format(value=value))])
        return value

    return AfterValidator(check)


class ReviewFlagRecord(Record):
    """One open question (an entry of the file's ``flags``); ``question`` is read as ``dimension``."""

    id: Annotated[str, text(80, required=True, pattern=ID_RE, what="an id (a-z, 0-9, -)")]
    offering: Annotated[str, text(80, required=True),
                        _known("offerings", "there is no offering {value!r} in the registry")]
    dimension: Annotated[str, text(60, required=True),
                         _known("questions", "{value!r} is not a question of the catalogue")] = Field(alias="question")
    raised: Annotated[dt.date, date(required=True), not_after_today()]
    title: Annotated[str, text(300, required=True), AfterValidator(str.strip)]
    detail: Annotated[str, text(4000, required=True), AfterValidator(str.strip)]

    @property
    def key(self) -> str:
        """The workbench flag's key: one open flag per bundled id."""
        return f"bundled:{self.id}"


class ReviewFlagsFile(Record):
    flags: Annotated[tuple[ReviewFlagRecord, ...], listing()]


def read_review_flags(directory: str | Path, bundle: Bundle) -> tuple[ReviewFlagRecord, ...]:
    """The flags of the directory's ``review-flags.yaml`` (none when the file is absent); BundleError
    lists every problem."""
    path = Path(directory) / FILE
    if not path.is_file():
        return ()
    if path.stat().st_size > yamlio.MAX_FILE_BYTES:
        raise BundleError([Problem(FILE, "", f"file is larger than {yamlio.MAX_FILE_BYTES} bytes")])
    return parse_review_flags(path.read_bytes().decode("utf-8", errors="replace"), bundle)


def parse_review_flags(text: str, bundle: Bundle) -> tuple[ReviewFlagRecord, ...]:
    try:
        raw = yamlio.load(text)
    except yamlio.YamlProblem as exc:
        raise BundleError([Problem(FILE, "", str(exc))]) from None
    context = {"offerings": {o.id for o in bundle.offerings}, "questions": set(bundle.catalogue.ids()),
               "today": dt.datetime.now(dt.UTC).date()}
    read, problems = record_of(FILE, ReviewFlagsFile, raw, context=context)
    entries = raw.get("flags") if isinstance(raw, dict) else None
    seen: set[Any] = set()
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str) and ident in seen:
            problems.append(Problem(FILE, f"flags[{i}].id", f"{ident!r} is listed twice"))
        seen.add(ident)
    if problems or read is None:
        raise BundleError(problems)
    return read.flags

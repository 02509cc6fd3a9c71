"""Kept copies bundled with the registry data: ``copies/<id>.txt`` and its ``copies/<id>.yaml``.

A kept copy is the text of a public document as it was obtained, with what it is and where it came
from: the URL, title, publisher, kind of source, when it was retrieved (and whether that date is the
stored copy's own date), how it was obtained (an excerpt is said to be one), its SHA-256 and whether
it may be shown publicly. A source cited by a cell names its copy, and its quote must be found in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import PlainValidator, ValidationError

from trustreg.domain import fieldtypes as ft
from trustreg.domain.cells import SourceKind
from trustreg.domain.fieldtypes import COPY_ID_RE
from trustreg.domain.quotes import quote_problem

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_COPY_BYTES = 2 * 1024 * 1024
MAX_COPY_CHARS = 1_000_000
@dataclass(frozen=True)
class CopyRecord:
    id: str
    url: str
    title: str
    publisher: str
    kind: str
    retrieved: dt.date
    retrieved_is_copy_date: bool
    obtained: str
    sha256: str
    public: bool
    text: str
    primary_for: tuple[str, ...] = field(default=())

    def file(self) -> str:
        return f"copies/{self.id}.txt"


def _party_id(value: Any) -> str:
    if not isinstance(value, str) or not ft.ID_RE.match(value):
        raise ft.refuse([("", "expected a party id")])
    return value


class CopyMeta(ft.Record):
    """A kept copy's metadata file (``copies/<id>.yaml``): what the text is and where it came from."""

    url: Annotated[str, ft.text(2000, required=True, pattern=ft.URL_RE, what="an http(s) URL")]
    title: Annotated[str, ft.text(400, required=True)]
    publisher: Annotated[str, ft.text(200, required=True)]
    kind: Annotated[str, ft.choice([k.value for k in SourceKind])]
    retrieved: Annotated[dt.date, ft.date(required=True), ft.not_after_today("a copy cannot be retrieved before it exists")]
    retrieved_is_copy_date: Annotated[bool, ft.boolean()]
    obtained: Annotated[str, ft.text(2000, required=True)]
    sha256: Annotated[str, ft.text(64, required=True, pattern=SHA256_RE, what="a SHA-256 in lower-case hex")]
    public: Annotated[bool, ft.boolean()]
    primary_for: Annotated[tuple[Annotated[str, PlainValidator(_party_id, json_schema_input_type=str)], ...],
                           ft.listing()] = ()


def read_copy(
    copy_id: str, raw: Any, text: str | None, *, meta_file: str, text_file: str, today: dt.date,
) -> tuple[CopyRecord | None, list[tuple[str, str, str]]]:
    """One copy's metadata (``raw``) read and checked against its text: the record, or None, and
    every problem as (file, path, reason), the file being ``meta_file`` or ``text_file``."""
    if not COPY_ID_RE.match(copy_id):
        return None, [(meta_file, "", f"{copy_id!r} is not a copy id (lower case, digits, -; at most 120 characters)")]
    if isinstance(raw, dict) and text is None:
        return None, [(meta_file, "", f"its text copies/{copy_id}.txt is missing")]
    problems: list[tuple[str, str, str]] = []
    try:
        meta: CopyMeta | None = CopyMeta.model_validate(raw, context={"today": today})
    except ValidationError as exc:
        meta = None
        problems += [(meta_file, path, reason) for path, reason in ft.problems(exc, CopyMeta)]
    if text is None:
        return None, problems
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    sha = raw.get("sha256") if isinstance(raw, dict) else None
    if isinstance(sha, str) and SHA256_RE.match(sha) and sha != actual:
        problems.append((meta_file, "sha256", f"does not match copies/{copy_id}.txt (its SHA-256 is {actual})"))
    if not text.strip():
        problems.append((text_file, "", "holds no text"))
    if len(text) > MAX_COPY_CHARS:
        problems.append((text_file, "", f"is {len(text)} characters; the limit is {MAX_COPY_CHARS}"))
    if "\x00" in text:
        problems.append((text_file, "", "contains a NUL character"))
    if meta is None or problems:
        return None, problems
    return CopyRecord(id=copy_id, text=text, **dict(meta)), []


def citation_problems(
    url: str, quote: str, copy_id: str, copies: Mapping[str, CopyRecord], canonical_url: str | None = None,
) -> list[tuple[str, str]]:
    """(field, reason) for a source that names kept copy ``copy_id``; empty when it holds.

    The copy may be of the source's URL or of its canonical URL (where the page lives now)."""
    copy = copies.get(copy_id)
    if copy is None:
        return [("copy", f"no kept copy {copy_id!r} (copies/{copy_id}.yaml and .txt)")]
    problems = []
    if copy.url not in (url, canonical_url):
        problems.append(("copy", f"copies/{copy_id}.yaml is a copy of {copy.url}, not of {url}"))
    if quote:
        problem = quote_problem(quote, copy.text)
        if problem is not None:
            problems.append(("quote", f"{problem.replace('the snapshot', 'copies/' + copy_id + '.txt')}"))
    return problems


def copy_data(copy: CopyRecord) -> dict[str, Any]:
    """The metadata file's content for ``copy`` (the text goes to its own file): ``CopyMeta``'s fields."""
    data: dict[str, Any] = {key: getattr(copy, key) for key in CopyMeta.model_fields}
    data["retrieved"] = copy.retrieved.isoformat()
    primary_for = data.pop("primary_for")
    if primary_for:
        data["primary_for"] = list(primary_for)
    return data

"""The lines of a full dump as records: each line type's fields and their rules.

``dumpread`` validates each line with its model (every problem of a line at once, named by field),
then checks what the models cannot: references between lines, order, counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainValidator, ValidationInfo

from trustreg.domain import fieldtypes as ft
from trustreg.domain.bundle import CATEGORIES, ID_RE, LIMITS, URL_RE
from trustreg.domain.bundled_history import KINDS as REVISION_KINDS
from trustreg.domain.cells import SourceKind

COPY_HOW = ("fetched", "uploaded", "pasted", "bundled")
PUBLIC_ID_LIMIT = 24


def _when(*, required: bool = True) -> Any:
    """A date and time with its UTC offset (nothing, where it is optional)."""

    def check(value: Any) -> dt.datetime | None:
        if value is None and not required:
            return None
        if isinstance(value, str) and len(value) <= 40:
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        raise ft.refuse([("", "expected a date and time with its UTC offset")])

    return PlainValidator(check, json_schema_input_type=str | None)


def _between(low: int, high: int, *, optional: bool = False) -> Any:
    def check(value: Any) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ft.refuse([("", f"expected a whole number from {low} to {high}")])
        return value

    return PlainValidator(check, json_schema_input_type=int)


def _data(value: Any) -> dict[str, Any]:
    """Kept-but-unmodelled data: a mapping of JSON-shaped values."""
    if not isinstance(value, dict):
        raise ft.refuse([("", "expected a mapping")])
    if found := ft.plain_reasons(value):
        raise ft.refuse(found)
    return value


def _holder(value: str, info: ValidationInfo) -> str:
    kind, _, ident = value.partition(":")
    if kind not in ("offering", "party") or not ID_RE.match(ident):
        raise ft.refuse([("", f"{value[:60]!r} is not offering:<id> or party:<id>")])
    if value not in (info.context or {}).get("holders", ()):
        raise ft.refuse([("", f"{value!r} is not an offering or party of this dump")])
    return value


Text = Annotated[str, ft.text(2000)]
Url = Annotated[str, ft.text(2000, pattern=URL_RE, what="an http(s) URL")]
Id = Annotated[str, ft.text(80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")]
PublicId = Annotated[str, ft.text(PUBLIC_ID_LIMIT, required=True)]
Holder = Annotated[str, ft.text(100, required=True), AfterValidator(_holder)]
Data = Annotated[dict[str, Any], PlainValidator(_data, json_schema_input_type=dict[str, Any])]


class HeaderLine(ft.Record):
    format: Any
    version: Any
    generated: Annotated[dt.date | None, ft.date()]


class RegistryLine(ft.Record):
    name: Annotated[str, ft.text(LIMITS["name"], required=True)]
    license: Annotated[str, ft.text(LIMITS["description"] * 4)]
    disclaimer: Annotated[str, ft.text(LIMITS["description"] * 4)]
    extra: Data


class PartyLine(ft.Record):
    id: Id
    name: Annotated[str, ft.text(LIMITS["name"], required=True)]
    organisation: Annotated[str, ft.text(LIMITS["name"])]
    url: ft.Url
    summary: Annotated[str, ft.text(LIMITS["summary"] * 4)]


class OfferingLine(ft.Record):
    id: Id
    name: Annotated[str, ft.text(LIMITS["name"], required=True)]
    developer: Any  # a party of this dump: checked against the party lines
    platform: Any
    category: Annotated[str, ft.choice(CATEGORIES)]
    model_family: Annotated[str, ft.text(120)]
    summary: Annotated[str, ft.text(LIMITS["summary"] * 4)]
    sort_order: Annotated[int, _between(-(10**9), 10**9)]
    extra: Data
    retired_at: Annotated[dt.datetime | None, _when(required=False)]


class SourceLine(ft.Record):
    id: PublicId
    url: Annotated[str, ft.text(2000, required=True, pattern=URL_RE, what="an http(s) URL")]
    canonical_url: Url
    archived_url: Url
    publisher: Annotated[str, ft.text(LIMITS["publisher"])]
    title: Annotated[str, ft.text(LIMITS["title"])]
    kind: Annotated[str, ft.choice([k.value for k in SourceKind])]
    last_fetched_at: Annotated[dt.datetime | None, _when(required=False)]


class CopyLine(ft.Record):
    id: PublicId
    source: Any  # the URL of a source of this dump
    taken_at: Annotated[dt.datetime, _when()]
    how: Annotated[str, ft.choice(COPY_HOW)]
    status_code: Annotated[int | None, _between(100, 599, optional=True)]
    final_url: Text
    content_type: Annotated[str, ft.text(200)]
    sha256: Annotated[str, ft.text(64)]
    text: Annotated[str, ft.text(1_000_000)]
    text_extractor: Annotated[str, ft.text(120)]
    extract_error: Annotated[str, ft.text(10_000)]
    bundle_copy: Annotated[str, ft.text(120)]
    provenance: Data


class CellLine(ft.Record):
    holder: Holder
    question: Any
    record: Any  # read by the data files' cell reader, against the dump's catalogue
    updated_at: Annotated[dt.datetime, _when()]


class QuoteCheckLine(ft.Record):
    copy_id: Any = Field(alias="copy")
    checked_at: Annotated[dt.datetime, _when()]
    present: Annotated[bool, ft.boolean()]


class CitationLine(ft.Record):
    holder: Any
    question: Any
    position: Any  # one of the cell's sources: checked against its record
    copy_id: Any = Field(alias="copy")
    quote_checks: Annotated[tuple[Any, ...], ft.listing()]


class RevisionLine(ft.Record):
    id: Annotated[int, _between(1, 2**62)]
    holder: Holder
    question: Any
    before: Any
    after: Any
    kind: Annotated[str, ft.choice(REVISION_KINDS)]
    reason: Annotated[str, ft.text(LIMITS["reason"] * 10, required=True)]
    author: Annotated[str, ft.text(150)]
    reviewer: Annotated[str, ft.text(150)]
    credit: Annotated[str, ft.text(200)]
    published_at: Annotated[dt.datetime, _when()]


class EndLine(ft.Record):
    counts: Any

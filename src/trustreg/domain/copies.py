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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from trustreg.domain.cells import SourceKind
from trustreg.domain.fieldtypes import COPY_ID_RE
from trustreg.domain.quotes import quote_problem

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_COPY_BYTES = 2 * 1024 * 1024
MAX_COPY_CHARS = 1_000_000
REQUIRED = {
    "url", "title", "publisher", "kind", "retrieved", "retrieved_is_copy_date", "obtained", "sha256",
    "public",
}
ALLOWED = REQUIRED | {"primary_for"}


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


class Reader(Protocol):
    """The subset of the data-file reader used here (problems are collected, never raised)."""

    def problem(self, path: str, reason: str) -> None: ...
    def mapping(self, value: Any, path: str, *, required: Iterable[str] = (),
                allowed: Iterable[str] = (), closed: bool = True) -> dict[str, Any] | None: ...
    def text(self, m: Mapping[str, Any], key: str, path: str, *, limit: int, required: bool = False,
             pattern: re.Pattern[str] | None = None, what: str = "") -> str: ...
    def choice(self, m: Mapping[str, Any], key: str, path: str, choices: Iterable[str], *,
               required: bool = True) -> str | None: ...
    def boolean(self, m: Mapping[str, Any], key: str, path: str) -> bool: ...
    def date(self, m: Mapping[str, Any], key: str, path: str) -> dt.date | None: ...
    def listing(self, m: Mapping[str, Any], key: str, path: str) -> list[Any]: ...


def read_copy(copy_id: str, raw: Any, text: str | None, r: Reader, r_text: Reader, *,
              url_re: re.Pattern[str], today: dt.date) -> CopyRecord | None:
    """Validate one copy's metadata (``raw``) against its text; problems go to the readers."""
    if not COPY_ID_RE.match(copy_id):
        r.problem("", f"{copy_id!r} is not a copy id (lower case, digits, -; at most 120 characters)")
        return None
    m = r.mapping(raw, "", required=REQUIRED, allowed=ALLOWED)
    if m is None:
        return None
    if text is None:
        r.problem("", f"its text copies/{copy_id}.txt is missing")
        return None
    url = r.text(m, "url", "", limit=2000, required=True, pattern=url_re, what="an http(s) URL")
    sha = r.text(m, "sha256", "", limit=64, required=True, pattern=SHA256_RE,
                 what="a SHA-256 in lower-case hex")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if sha and SHA256_RE.match(sha) and sha != actual:
        r.problem("sha256", f"does not match copies/{copy_id}.txt (its SHA-256 is {actual})")
    if not text.strip():
        r_text.problem("", "holds no text")
    if len(text) > MAX_COPY_CHARS:
        r_text.problem("", f"is {len(text)} characters; the limit is {MAX_COPY_CHARS}")
    if "\x00" in text:
        r_text.problem("", "contains a NUL character")
    retrieved = r.date(m, "retrieved", "")
    if retrieved is not None and retrieved > today:
        r.problem("retrieved", f"{retrieved} is in the future: a copy cannot be retrieved before it exists")
    primary_for = []
    for i, pid in enumerate(r.listing(m, "primary_for", "")):
        if not isinstance(pid, str) or not re.match(r"^[a-z0-9][a-z0-9-]{0,79}$", pid):
            r.problem(f"primary_for[{i}]", "expected a party id")
        else:
            primary_for.append(pid)
    return CopyRecord(
        id=copy_id,
        url=url,
        title=r.text(m, "title", "", limit=400, required=True),
        publisher=r.text(m, "publisher", "", limit=200, required=True),
        kind=r.choice(m, "kind", "", [k.value for k in SourceKind]) or "other",
        retrieved=retrieved or dt.date.min,
        retrieved_is_copy_date=r.boolean(m, "retrieved_is_copy_date", ""),
        obtained=r.text(m, "obtained", "", limit=2000, required=True),
        sha256=sha,
        public=r.boolean(m, "public", ""),
        text=text,
        primary_for=tuple(primary_for),
    )


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
    """The metadata file's content for ``copy`` (the text goes to its own file)."""
    data: dict[str, Any] = {
        "url": copy.url, "title": copy.title, "publisher": copy.publisher, "kind": copy.kind,
        "retrieved": copy.retrieved.isoformat(), "retrieved_is_copy_date": copy.retrieved_is_copy_date,
        "obtained": copy.obtained, "sha256": copy.sha256, "public": copy.public,
    }
    if copy.primary_for:
        data["primary_for"] = list(copy.primary_for)
    return data

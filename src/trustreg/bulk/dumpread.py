"""Reading a full dump (``trustreg.bulk.dump``) as hostile input: every line checked before use.

Bounds: the file's size, each line's length, nesting depth (``domain.nesting``, before the JSON
parser sees the line), duplicate keys and NaN refused. Each line must be one of the known types,
in the writer's order, with exactly its fields; cells and revisions are read by the same reader as
the data files (``domain.bundle``), against the dump's own catalogue. Every problem is reported as
``FILE: line N: field: reason`` (the first ``MAX_PROBLEMS``), and nothing is returned unless the
whole file is sound, ``end`` line and counts included: a truncated dump is refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustreg.bulk.dump import FORMAT, VERSION
from trustreg.domain import nesting
from trustreg.domain.bundle import (
    CATEGORIES,
    ID_RE,
    LIMITS,
    URL_RE,
    BundleError,
    Problem,
    Reader,
    read_cell,
    read_scope,
)
from trustreg.domain.bundle.reader import _read_catalogue
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import CellRecord, ScopeRecord, SourceKind
from trustreg.domain.datajson import _refuse_constant, _refuse_duplicates
from trustreg.domain.history import holder_key

MAX_BYTES = 4 * 1024**3
MAX_LINE_BYTES = 16 * 1024**2
MAX_DEPTH = 32
MAX_PROBLEMS = 50
ORDER = ("header", "registry", "catalogue", "party", "offering", "source", "copy", "cell", "citation",
         "revision", "end")
SINGLE = {"header", "registry", "catalogue", "end"}
REVISION_KINDS = ("vendor_changed", "reverified", "rubric_changed", "correction", "editorial")
COPY_HOW = ("fetched", "uploaded", "pasted", "bundled")
PUBLIC_ID_LIMIT = 24


class DumpRefused(BundleError):
    """The dump cannot be imported; ``problems`` says where and why. Nothing was written."""


@dataclass
class Dump:
    meta: dict[str, Any] = field(default_factory=dict)
    catalogue: Catalogue | None = None
    parties: list[dict[str, Any]] = field(default_factory=list)
    offerings: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    copies: list[dict[str, Any]] = field(default_factory=list)
    cells: list[tuple[str, str, CellRecord | ScopeRecord, dt.datetime]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)


class _Lines(Reader):
    def when(self, m: dict[str, Any], key: str, path: str, *, required: bool = True) -> dt.datetime | None:
        value = m.get(key)
        if value is None and not required:
            return None
        if isinstance(value, str) and len(value) <= 40:
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        self.problem(f"{path}.{key}" if path else key, "expected a date and time with its UTC offset")
        return None

    def integer(self, m: dict[str, Any], key: str, path: str, *, low: int, high: int) -> int:
        value = m.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(f"{path}.{key}" if path else key, f"expected a whole number from {low} to {high}")
            return low
        return value

    def holder(self, m: dict[str, Any], path: str, known: set[str]) -> str:
        holder = self.text(m, "holder", path, limit=100, required=True)
        kind, _, ident = holder.partition(":")
        if kind not in ("offering", "party") or not ID_RE.match(ident):
            self.problem(f"{path}.holder", f"{holder[:60]!r} is not offering:<id> or party:<id>")
        elif holder not in known:
            self.problem(f"{path}.holder", f"{holder!r} is not an offering or party of this dump")
        return holder


def read(path: Path, *, max_bytes: int = MAX_BYTES) -> Dump:
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise DumpRefused([Problem(name, "", f"the file is {size} bytes; the limit is {max_bytes}")])
    problems: list[Problem] = []
    state = _State(Dump())
    with open(path, "rb") as fh:
        number = 0
        while len(problems) < MAX_PROBLEMS:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            number += 1
            where = f"{name}: line {number}"
            if len(raw) > MAX_LINE_BYTES:
                problems.append(Problem(where, "", f"the line is longer than {MAX_LINE_BYTES} bytes"))
                break
            line = _parse(raw, where, problems)
            if line is not None:
                state.take(line, _Lines(where, problems))
    if len(problems) >= MAX_PROBLEMS:
        problems.append(Problem(name, "", f"stopped after {MAX_PROBLEMS} problems"))
    elif not problems:
        state.finish(_Lines(name, problems))
    if problems:
        raise DumpRefused(problems)
    return state.dump


def _parse(raw: bytes, where: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        text = raw.decode("utf-8")
        nesting.check_json(text, limit=MAX_DEPTH)
        line = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates)
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return None
    except nesting.Refusal as exc:
        problems.append(Problem(where, "", str(exc)))
        return None
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(where, "", f"malformed JSON: {exc}"))
        return None
    if not isinstance(line, dict) or line.get("type") not in ORDER:
        problems.append(Problem(where, "type", f"expected an object whose type is one of: {', '.join(ORDER)}"))
        return None
    return line


class _State:
    """Walks the lines in order, collecting what they hold and the ids later lines refer to."""

    def __init__(self, dump: Dump):
        self.dump = dump
        self.rank = -1
        self.counts: dict[str, int] = {}
        self.holders: set[str] = set()
        self.party_ids: set[str] = set()
        self.source_urls: set[str] = set()
        self.copy_ids: set[str] = set()
        self.cells: dict[tuple[str, str], CellRecord | ScopeRecord] = {}
        self.revision_ids: set[str] = set()
        self.ended = False

    def take(self, line: dict[str, Any], r: _Lines) -> None:
        kind = line.pop("type")
        rank = ORDER.index(kind)
        if self.ended:
            r.problem("type", "a line after the end line")
            return
        if rank < self.rank or (rank == self.rank and kind in SINGLE) or (self.rank < 0 and kind != "header"):
            r.problem("type", f"a {kind} line here is out of order (expected order: {', '.join(ORDER)})")
            return
        self.rank = rank
        if kind != "end":
            self.counts[kind] = self.counts.get(kind, 0) + 1
        getattr(self, f"_{kind}")(line, r)

    def finish(self, r: _Lines) -> None:
        if not self.ended:
            r.problem("", "the dump has no end line: it is truncated")

    def _header(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"format", "version", "generated"})
        if m.get("format") != FORMAT or m.get("version") != VERSION:
            r.problem("format", f"not a {FORMAT} version {VERSION} file")
        r.date(m, "generated", "")

    def _registry(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"name", "license", "disclaimer", "extra"})
        self.dump.meta = {
            "name": r.text(m, "name", "", limit=LIMITS["name"], required=True),
            "license": r.text(m, "license", "", limit=LIMITS["description"] * 4),
            "disclaimer": r.text(m, "disclaimer", "", limit=LIMITS["description"] * 4),
            "extra": r.plain_data(m.get("extra"), "extra") if isinstance(m.get("extra"), dict) else {},
        }

    def _catalogue(self, m: dict[str, Any], r: _Lines) -> None:
        self.dump.catalogue = _read_catalogue(m, r)

    def _party(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"id", "name", "organisation", "url", "summary"})
        pid = r.text(m, "id", "", limit=80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")
        r.text(m, "name", "", limit=LIMITS["name"], required=True)
        r.text(m, "organisation", "", limit=LIMITS["name"])
        r.optional_text(m, "url", "", limit=2000, pattern=URL_RE, what="an http(s) URL")
        r.text(m, "summary", "", limit=LIMITS["summary"] * 4)
        self._unique(pid, self.party_ids, r)
        self.holders.add(holder_key("party", pid))
        self.dump.parties.append(m)

    def _offering(self, m: dict[str, Any], r: _Lines) -> None:
        keys = {"id", "name", "developer", "platform", "category", "model_family", "summary", "sort_order", "extra",
                "retired_at"}
        r.mapping(m, "", required=keys)
        oid = r.text(m, "id", "", limit=80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")
        r.text(m, "name", "", limit=LIMITS["name"], required=True)
        for role in ("developer", "platform"):
            if m.get(role) not in self.party_ids:
                r.problem(role, f"{str(m.get(role))[:80]!r} is not a party of this dump")
        r.choice(m, "category", "", CATEGORIES)
        r.text(m, "model_family", "", limit=120)
        r.text(m, "summary", "", limit=LIMITS["summary"] * 4)
        r.integer(m, "sort_order", "", low=-(10**9), high=10**9)
        if not isinstance(m.get("extra"), dict):
            r.problem("extra", "expected a mapping")
        r.plain_data(m.get("extra"), "extra")
        m["retired_at"] = r.when(m, "retired_at", "", required=False)
        if holder_key("offering", oid) in self.holders:
            r.problem("id", f"offering {oid!r} appears twice")
        self.holders.add(holder_key("offering", oid))
        self.dump.offerings.append(m)

    def _source(self, m: dict[str, Any], r: _Lines) -> None:
        keys = {"id", "url", "canonical_url", "publisher", "kind", "title", "archived_url", "last_fetched_at"}
        r.mapping(m, "", required=keys)
        r.text(m, "id", "", limit=PUBLIC_ID_LIMIT, required=True)
        url = r.text(m, "url", "", limit=2000, required=True, pattern=URL_RE, what="an http(s) URL")
        for key in ("canonical_url", "archived_url"):
            r.text(m, key, "", limit=2000, pattern=URL_RE, what="an http(s) URL")
        r.text(m, "publisher", "", limit=LIMITS["publisher"])
        r.text(m, "title", "", limit=LIMITS["title"])
        r.choice(m, "kind", "", [k.value for k in SourceKind])
        m["last_fetched_at"] = r.when(m, "last_fetched_at", "", required=False)
        self._unique(url, self.source_urls, r)
        self.dump.sources.append(m)

    def _copy(self, m: dict[str, Any], r: _Lines) -> None:
        keys = {"id", "source", "taken_at", "how", "status_code", "final_url", "content_type", "sha256", "text",
                "text_extractor", "extract_error", "bundle_copy", "provenance"}
        r.mapping(m, "", required=keys)
        cid = r.text(m, "id", "", limit=PUBLIC_ID_LIMIT, required=True)
        if m.get("source") not in self.source_urls:
            r.problem("source", "not the URL of a source of this dump")
        m["taken_at"] = r.when(m, "taken_at", "")
        r.choice(m, "how", "", COPY_HOW)
        if m.get("status_code") is not None:
            r.integer(m, "status_code", "", low=100, high=599)
        r.text(m, "final_url", "", limit=2000)
        r.text(m, "content_type", "", limit=200)
        r.text(m, "sha256", "", limit=64)
        r.text(m, "text", "", limit=1_000_000)
        for key in ("text_extractor", "bundle_copy"):
            r.text(m, key, "", limit=120)
        r.text(m, "extract_error", "", limit=10_000)
        if not isinstance(m.get("provenance"), dict):
            r.problem("provenance", "expected a mapping")
        r.plain_data(m.get("provenance"), "provenance")
        self._unique(cid, self.copy_ids, r)
        self.dump.copies.append(m)

    def _record(self, value: Any, path: str, question: str, r: _Lines) -> CellRecord | ScopeRecord | None:
        dim = self.dump.catalogue.get(question) if self.dump.catalogue else None
        if dim is None:
            r.problem("question", f"{question[:60]!r} is not a question of this dump's catalogue")
            return None
        if isinstance(value, dict) and set(value) == {"scope"}:
            scope = value["scope"]
            return read_scope(scope, f"{path}.scope", dim, r) if isinstance(scope, dict) else None
        return read_cell(value, path, dim, r, allow_override=True)

    def _cell(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"holder", "question", "record", "updated_at"})
        holder = r.holder(m, "", self.holders)
        question = str(m.get("question", ""))
        record = self._record(m.get("record"), "record", question, r)
        when = r.when(m, "updated_at", "")
        if (holder, question) in self.cells:
            r.problem("question", f"a second cell for {holder} / {question}")
        if record is not None and when is not None:
            if isinstance(record, ScopeRecord) and not holder.startswith("offering:"):
                r.problem("record", "a scope entry belongs to an offering")
            self.cells[(holder, question)] = record
            self.dump.cells.append((holder, question, record, when))

    def _citation(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"holder", "question", "position", "copy", "quote_checks"})
        record = self.cells.get((str(m.get("holder")), str(m.get("question"))))
        if record is None:
            r.problem("holder", "no cell of this dump has this holder and question")
            return
        r.integer(m, "position", "", low=0, high=max(0, len(record.sources) - 1))
        if m.get("copy") is not None and m.get("copy") not in self.copy_ids:
            r.problem("copy", "not a kept copy of this dump")
        checks = r.listing(m, "quote_checks", "")
        for i, check in enumerate(checks):
            path = f"quote_checks[{i}]"
            r.mapping(check, path, required={"copy", "checked_at", "present"})
            if not isinstance(check, dict):
                continue
            if check.get("copy") not in self.copy_ids:
                r.problem(f"{path}.copy", "not a kept copy of this dump")
            check["checked_at"] = r.when(check, "checked_at", path)
            r.boolean(check, "present", path)
        self.dump.citations.append(m)

    def _revision(self, m: dict[str, Any], r: _Lines) -> None:
        keys = {"id", "holder", "question", "before", "after", "kind", "reason", "author", "reviewer", "credit",
                "published_at"}
        r.mapping(m, "", required=keys)
        self._unique(str(r.integer(m, "id", "", low=1, high=2**62)), self.revision_ids, r)
        r.holder(m, "", self.holders | {h for h, _ in self.cells})
        question = str(m.get("question", ""))
        for side in ("before", "after"):
            if m.get(side) is not None:
                self._record(m[side], side, question, r)
        r.choice(m, "kind", "", REVISION_KINDS)
        r.text(m, "reason", "", limit=LIMITS["reason"] * 10, required=True)
        for key in ("author", "reviewer"):
            r.text(m, key, "", limit=150)
        r.text(m, "credit", "", limit=200)
        m["published_at"] = r.when(m, "published_at", "")
        self.dump.revisions.append(m)

    def _end(self, m: dict[str, Any], r: _Lines) -> None:
        r.mapping(m, "", required={"counts"})
        if m.get("counts") != self.counts:
            r.problem("counts", f"the end line counts {m.get('counts')!r} but the dump holds {self.counts!r}: "
                                "lines are missing or added")
        self.ended = True

    @staticmethod
    def _unique(value: str, seen: set[str], r: _Lines) -> None:
        if value in seen:
            r.problem("id", f"{value[:80]!r} appears twice")
        seen.add(value)

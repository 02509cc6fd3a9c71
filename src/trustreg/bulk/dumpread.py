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
from trustreg.bulk.dumplines import (
    CellLine,
    CitationLine,
    CopyLine,
    EndLine,
    HeaderLine,
    OfferingLine,
    PartyLine,
    QuoteCheckLine,
    RegistryLine,
    RevisionLine,
    SourceLine,
)
from trustreg.domain import nesting
from trustreg.domain.bundle import (
    BundleError,
    Problem,
    Reader,
    read_cell,
    read_scope,
)
from trustreg.domain.bundle.reader import _read_catalogue
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.domain.datajson import _refuse_constant, _refuse_duplicates
from trustreg.domain.history import holder_key

MAX_BYTES = 4 * 1024**3
MAX_LINE_BYTES = 16 * 1024**2
MAX_DEPTH = 32
MAX_PROBLEMS = 50
ORDER = ("header", "registry", "catalogue", "party", "offering", "source", "copy", "cell", "citation",
         "revision", "end")
SINGLE = {"header", "registry", "catalogue", "end"}


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
                state.take(line, Reader(where, problems))
    if len(problems) >= MAX_PROBLEMS:
        problems.append(Problem(name, "", f"stopped after {MAX_PROBLEMS} problems"))
    elif not problems:
        state.finish(Reader(name, problems))
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

    def take(self, line: dict[str, Any], r: Reader) -> None:
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

    def finish(self, r: Reader) -> None:
        if not self.ended:
            r.problem("", "the dump has no end line: it is truncated")

    def _header(self, m: dict[str, Any], r: Reader) -> None:
        r.record(HeaderLine, m, "")
        if m.get("format") != FORMAT or m.get("version") != VERSION:
            r.problem("format", f"not a {FORMAT} version {VERSION} file")

    def _registry(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(RegistryLine, m, "")
        if line is not None:
            self.dump.meta = {"name": line.name, "license": line.license, "disclaimer": line.disclaimer,
                              "extra": line.extra}

    def _catalogue(self, m: dict[str, Any], r: Reader) -> None:
        self.dump.catalogue = _read_catalogue(m, r)

    def _party(self, m: dict[str, Any], r: Reader) -> None:
        r.record(PartyLine, m, "")
        pid = str(m.get("id"))
        self._unique(pid, self.party_ids, r)
        self.holders.add(holder_key("party", pid))
        self.dump.parties.append(m)

    def _offering(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(OfferingLine, m, "")
        oid = str(m.get("id"))
        for role in ("developer", "platform"):
            if m.get(role) not in self.party_ids:
                r.problem(role, f"{str(m.get(role))[:80]!r} is not a party of this dump")
        m["retired_at"] = line.retired_at if line is not None else None
        if holder_key("offering", oid) in self.holders:
            r.problem("id", f"offering {oid!r} appears twice")
        self.holders.add(holder_key("offering", oid))
        self.dump.offerings.append(m)

    def _source(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(SourceLine, m, "")
        m["last_fetched_at"] = line.last_fetched_at if line is not None else None
        self._unique(str(m.get("url")), self.source_urls, r)
        self.dump.sources.append(m)

    def _copy(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(CopyLine, m, "")
        if m.get("source") not in self.source_urls:
            r.problem("source", "not the URL of a source of this dump")
        m["taken_at"] = line.taken_at if line is not None else None
        self._unique(str(m.get("id")), self.copy_ids, r)
        self.dump.copies.append(m)

    def _record(self, value: Any, path: str, question: str, r: Reader) -> CellRecord | ScopeRecord | None:
        dim = self.dump.catalogue.get(question) if self.dump.catalogue else None
        if dim is None:
            r.problem("question", f"{question[:60]!r} is not a question of this dump's catalogue")
            return None
        if isinstance(value, dict) and set(value) == {"scope"}:
            scope = value["scope"]
            return read_scope(scope, f"{path}.scope", dim, r) if isinstance(scope, dict) else None
        return read_cell(value, path, dim, r, allow_override=True)

    def _cell(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(CellLine, m, "", context={"holders": self.holders})
        question = str(m.get("question", ""))
        record = self._record(m.get("record"), "record", question, r)
        if line is None:
            return
        if (line.holder, question) in self.cells:
            r.problem("question", f"a second cell for {line.holder} / {question}")
        if record is not None:
            if isinstance(record, ScopeRecord) and not line.holder.startswith("offering:"):
                r.problem("record", "a scope entry belongs to an offering")
            self.cells[(line.holder, question)] = record
            self.dump.cells.append((line.holder, question, record, line.updated_at))

    def _citation(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(CitationLine, m, "")
        record = self.cells.get((str(m.get("holder")), str(m.get("question"))))
        if record is None:
            r.problem("holder", "no cell of this dump has this holder and question")
            return
        last = max(0, len(record.sources) - 1)
        position = m.get("position")
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= last:
            r.problem("position", f"expected a whole number from 0 to {last}")
        if m.get("copy") is not None and m.get("copy") not in self.copy_ids:
            r.problem("copy", "not a kept copy of this dump")
        for i, check in enumerate(line.quote_checks if line is not None else ()):
            path = f"quote_checks[{i}]"
            read = r.record(QuoteCheckLine, check, path)
            if not isinstance(check, dict):
                continue
            if check.get("copy") not in self.copy_ids:
                r.problem(f"{path}.copy", "not a kept copy of this dump")
            check["checked_at"] = read.checked_at if read is not None else None
        self.dump.citations.append(m)

    def _revision(self, m: dict[str, Any], r: Reader) -> None:
        line = r.record(RevisionLine, m, "", context={"holders": self.holders | {h for h, _ in self.cells}})
        self._unique(str(m.get("id")), self.revision_ids, r)
        question = str(m.get("question", ""))
        for side in ("before", "after"):
            if m.get(side) is not None:
                self._record(m[side], side, question, r)
        m["published_at"] = line.published_at if line is not None else None
        self.dump.revisions.append(m)

    def _end(self, m: dict[str, Any], r: Reader) -> None:
        r.record(EndLine, m, "")
        if m.get("counts") != self.counts:
            r.problem("counts", f"the end line counts {m.get('counts')!r} but the dump holds {self.counts!r}: "
                                "lines are missing or added")
        self.ended = True

    @staticmethod
    def _unique(value: str, seen: set[str], r: Reader) -> None:
        if value in seen:
            r.problem("id", f"{value[:80]!r} appears twice")
        seen.add(value)

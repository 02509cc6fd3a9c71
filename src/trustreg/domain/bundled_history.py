"""The registry's past, bundled with its data: ``history/offerings/<id>.yaml``, ``history/parties/<id>.yaml``.

Each file lists the holder's published revisions, oldest first::

    revisions:
      - date: 2026-07-05
        by: AI Provider Trust Registry
        credit: the public AI Provider Trust Registry (aiprovidertrust.com), a secondary source
        reason: As published by the public AI Provider Trust Registry on 2026-07-05.
        kind: editorial                  # optional (a revision kind); editorial by default
        cells:
          retention_zdr: {grade: yes_sales_gated, ...}   # the cell as it was, in data-file form
          soc2_type2: current            # the cell as it stands in the data file today

A cell's last revision must be ``current``: the data file's state is dated by it. Loading replays
these revisions with their dates (``registry.services``), so ``?as_of=`` answers for the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import PlainValidator

from trustreg.domain import copies as kept
from trustreg.domain import fieldtypes as ft
from trustreg.domain import yamlio
from trustreg.domain.bundle import (
    ID_RE,
    Bundle,
    BundleError,
    Problem,
    Reader,
    read_cell,
    read_scope,
    record_data,
)
from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.domain.history import holder_key
from trustreg.domain.values import describe_value

KINDS = ("vendor_changed", "reverified", "rubric_changed", "correction", "editorial")
CURRENT = "current"


def _cells(value: Any) -> dict[str, Any]:
    """The cells as they were, by question: each is read against its question after the entry."""
    if not isinstance(value, dict):
        raise ft.refuse([("", f"expected a mapping, got {describe_value(value)}")])
    if bad := [k for k in value if not isinstance(k, str)]:
        raise ft.refuse([("", f"keys must be text, got {describe_value(bad[0])}")])
    return value


class HistoryEntry(ft.Record):
    """One entry of a history file's ``revisions``: who published what, when and why."""

    date: Annotated[dt.date, ft.date(required=True), ft.not_after_today("history records what was published")]
    by: Annotated[str, ft.text(150, required=True)]
    reason: Annotated[str, ft.text(2000, required=True)]
    credit: Annotated[str, ft.text(200)] = ""
    kind: Annotated[str, ft.choice(KINDS, required=False, empty="editorial")] = "editorial"
    cells: Annotated[dict[str, Any], PlainValidator(_cells, json_schema_input_type=dict[str, Any])]


class HistoryFile(ft.Record):
    revisions: Annotated[tuple[Any, ...], ft.listing()]


@dataclass(frozen=True)
class BundledRevision:
    """One dated revision of one cell, as the loader replays it."""

    holder: str  # "offering:<id>" or "party:<id>"
    dimension: str
    date: dt.date
    by: str
    credit: str
    reason: str
    kind: str
    data: dict[str, Any]  # the cell in revision form (``record_data``)
    current: bool


History = dict[tuple[str, str], tuple[BundledRevision, ...]]  # (holder, dimension) -> oldest first


def read_history(directory: str | Path, bundle: Bundle) -> History:
    """Read and validate ``directory/history`` against ``bundle``; raise BundleError with every problem."""
    root = Path(directory) / "history"
    files: dict[str, str] = {}
    problems: list[Problem] = []
    for sub in ("offerings", "parties"):
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            rel = path.relative_to(root.parent).as_posix()
            if path.is_dir() or path.suffix != ".yaml":
                problems.append(Problem(rel, "", "unexpected entry: only .yaml files belong here"))
            elif path.stat().st_size > yamlio.MAX_FILE_BYTES:
                problems.append(Problem(rel, "", f"file is larger than {yamlio.MAX_FILE_BYTES} bytes"))
            else:
                files[rel] = path.read_bytes().decode("utf-8", errors="replace")
    return parse_history(files, bundle, extra_problems=problems)


def parse_history(files: Mapping[str, str], bundle: Bundle, *, extra_problems: list[Problem] | None = None) -> History:
    problems = list(extra_problems or [])
    current = _current_cells(bundle)
    copies = {c.id: c for c in bundle.copies}
    today = dt.datetime.now(dt.UTC).date()
    history: dict[tuple[str, str], list[BundledRevision]] = {}
    holders = {(k, h) for k, h, _ in current}
    for rel, text in sorted(files.items()):
        r = Reader(rel, problems)
        kind = "offering" if rel.startswith("history/offerings/") else "party"
        holder_id = Path(rel).stem
        if not ID_RE.match(holder_id) or (kind, holder_id) not in holders:
            r.problem("", f"there is no {kind} {holder_id!r} in the registry ({kind}s/{holder_id}.yaml)")
            continue
        try:
            raw = yamlio.load(text)
        except yamlio.YamlProblem as exc:
            r.problem("", str(exc))
            continue
        read = r.record(HistoryFile, raw, "")
        for i, entry in enumerate(read.revisions if read else ()):
            for rev in _read_entry(entry, f"revisions[{i}]", kind, holder_id, bundle, current, copies, today, r):
                history.setdefault((rev.holder, rev.dimension), []).append(rev)
    for (holder, dim), revs in history.items():
        rel = f"history/{holder.replace(':', 's/', 1)}.yaml"
        dates = [rev.date for rev in revs]
        if dates != sorted(dates):
            problems.append(Problem(rel, f"cells.{dim}", "revisions must be listed oldest first"))
        if not revs[-1].current:
            problems.append(Problem(rel, f"cells.{dim}", f"its last revision must be '{CURRENT}' (the cell as the "
                                                         "data file holds it), so that today's state is dated"))
        if any(rev.current for rev in revs[:-1]):
            problems.append(Problem(rel, f"cells.{dim}", f"only the last revision may be '{CURRENT}'"))
    if problems:
        raise BundleError(problems)
    return {key: tuple(revs) for key, revs in history.items()}


def _current_cells(bundle: Bundle) -> dict[tuple[str, str, str], CellRecord | ScopeRecord]:
    cells: dict[tuple[str, str, str], CellRecord | ScopeRecord] = {}
    mark = CellRecord.model_construct(grade="")  # marks a holder, no real cell: one for all (20,000 cost 1 s)
    for p in bundle.parties:
        cells[("party", p.id, "")] = mark
        cells.update({("party", p.id, d): c for d, c in p.cells.items()})
    for o in bundle.offerings:
        cells[("offering", o.id, "")] = mark
        cells.update({("offering", o.id, d): c for d, c in o.cells.items()})
        cells.update({("offering", o.id, d): s for d, s in o.scopes.items()})
    return cells


def _read_entry(
    entry: Any, path: str, kind: str, holder_id: str, bundle: Bundle,
    current: Mapping[tuple[str, str, str], CellRecord | ScopeRecord], copies: Mapping[str, kept.CopyRecord],
    today: dt.date, r: Reader,
) -> list[BundledRevision]:
    m = r.record(HistoryEntry, entry, path, context={"today": today})
    raw_cells = entry.get("cells") if isinstance(entry, dict) else None
    cells = raw_cells if isinstance(raw_cells, dict) else {}  # read for their problems, whatever the entry's
    revisions = []
    for dim_id, value in cells.items():
        cpath = f"{path}.cells.{dim_id}"
        dim = bundle.catalogue.get(dim_id) if isinstance(dim_id, str) else None
        if dim is None:
            r.problem(cpath, "unknown dimension")
            continue
        if value == CURRENT:
            record = current.get((kind, holder_id, dim_id))
            if record is None:
                r.problem(cpath, f"'{CURRENT}' but {kind}s/{holder_id}.yaml records no such cell")
                continue
        elif isinstance(value, dict) and "grade" not in value and kind == "offering":
            record = read_scope(value, cpath, dim, r)
        else:
            record = read_cell(value, cpath, dim, r, allow_override=kind == "offering")
        if record is None or m is None:
            continue
        for i, ref in enumerate(record.sources):
            if ref.copy and value != CURRENT:
                for key, why in kept.citation_problems(ref.url, ref.quote, ref.copy, copies, ref.canonical_url):
                    r.problem(f"{cpath}.sources[{i}].{key}", why)
        revisions.append(BundledRevision(
            holder=holder_key(kind, holder_id), dimension=dim_id, date=m.date, by=m.by, credit=m.credit,
            reason=m.reason, kind=m.kind, data=record_data(record) or {}, current=value == CURRENT,
        ))
    return revisions

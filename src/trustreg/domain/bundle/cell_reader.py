"""Read the cells of a party or offering: graded cells, scope entries, facts, sources, annotations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trustreg.domain.bundle.records import SCOPE_KEYS
from trustreg.domain.bundle.validation import Reader
from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.domain.values import describe_value


def read_cells(
    m: Mapping[str, Any], catalogue: Catalogue, r: Reader, *, allow_override: bool
) -> tuple[dict[str, CellRecord], dict[str, ScopeRecord]]:
    cells: dict[str, CellRecord] = {}
    scopes: dict[str, ScopeRecord] = {}
    raw = m.get("cells")
    if raw is None:
        return cells, scopes
    if not isinstance(raw, dict):
        r.problem("cells", f"expected a mapping, got {describe_value(raw)}")
        return cells, scopes
    for key in raw:
        if not isinstance(key, str):
            r.problem("cells", f"keys must be text, got {describe_value(key)}")
    for dim_id, value in raw.items():
        path = f"cells.{dim_id}"
        dim = catalogue.get(dim_id) if isinstance(dim_id, str) else None
        if dim is None:
            r.problem(path, f"unknown dimension (known: {', '.join(catalogue.ids())})")
            continue
        if isinstance(value, dict) and "grade" not in value and allow_override:
            scope = read_scope(value, path, dim, r)
            if scope is not None:
                scopes[dim_id] = scope
            continue
        cell = read_cell(value, path, dim, r, allow_override=allow_override)
        if cell is not None:
            cells[dim_id] = cell
    return cells, scopes


def read_cell(
    value: Any, path: str, dim: Dimension, r: Reader, *, allow_override: bool
) -> CellRecord | None:
    """A graded cell of ``dim``; only an offering's cell may give an ``override_reason``."""
    return r.record(CellRecord, value, path, context={"dimension": dim, "allow_override": allow_override},
                    hidden=() if allow_override else ("override_reason",))


def read_scope(value: dict[str, Any], path: str, dim: Dimension, r: Reader) -> ScopeRecord | None:
    unexpected = set(value) - SCOPE_KEYS
    if unexpected:
        r.problem(
            path,
            "an entry without a grade is a scope entry on the inherited cell and may only hold "
            f"{', '.join(sorted(SCOPE_KEYS))} (found {', '.join(sorted(map(str, unexpected)))}); "
            "give a grade to record the offering's own cell",
        )
        return None
    return r.record(ScopeRecord, value, path, context={"dimension": dim})

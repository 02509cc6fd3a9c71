"""Workbench reads: every recorded cell holder with what it records, for the cells index."""

from __future__ import annotations

from dataclasses import dataclass

from trustreg.registry import selectors
from trustreg.registry.models import Cell, Offering, Party


@dataclass(frozen=True)
class HolderRow:
    kind: str
    id: str
    name: str
    cells: list[tuple[str, str]]  # (dimension id, "grade" | "scope" | "")


def cell_index() -> tuple[list[str], list[HolderRow]]:
    dims = [d.id for d in selectors.catalogue().dimensions]
    recorded: dict[tuple[str, str, str], str] = {}
    for offering_id, party_id, dim, grade in Cell.objects.values_list(
        "offering_id", "party_id", "dimension_id", "grade"
    ):
        key = ("offering", offering_id, dim) if offering_id else ("party", party_id, dim)
        recorded[key] = grade or "scope"
    rows = [
        HolderRow("party", p.id, p.name, [(d, recorded.get(("party", p.id, d), "")) for d in dims])
        for p in Party.objects.order_by("name")
    ]
    rows += [
        HolderRow("offering", o.id, o.name, [(d, recorded.get(("offering", o.id, d), "")) for d in dims])
        for o in Offering.objects.order_by("sort_order", "id")
    ]
    return dims, rows

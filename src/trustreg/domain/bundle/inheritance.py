"""Checks across files: unique ids, known parties, sources described alike, the two-level rule."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from trustreg.domain import copies as kept
from trustreg.domain.bundle.records import OfferingRecord, PartyRecord, Problem
from trustreg.domain.bundle.validation import duplicates
from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import CellRecord, ScopeRecord, SourceRef, graded_party


def cross_check(
    catalogue: Catalogue, parties: list[PartyRecord], offerings: list[OfferingRecord],
    problems: list[Problem], copies: Mapping[str, kept.CopyRecord],
    unreadable: Collection[tuple[str, str]] = (),
) -> None:
    party_file = {p.id: f"parties/{p.id}.yaml" for p in parties}
    for dup in duplicates(p.id for p in parties):
        problems.append(Problem("parties", "", f"duplicate party id {dup!r}"))
    for dup in duplicates(o.id for o in offerings):
        problems.append(Problem("offerings", "", f"duplicate offering id {dup!r}"))
    party_cells = {(p.id, d): c for p in parties for d, c in p.cells.items()}
    seen_sources: dict[str, tuple[str, tuple[Any, ...]]] = {}

    def check_sources(file: str, path: str, refs: Iterable[SourceRef]) -> None:
        for i, ref in enumerate(refs):
            described = (ref.kind, ref.publisher, ref.title, ref.archived, ref.canonical_url)
            first = seen_sources.setdefault(ref.url, (f"{file}: {path}", described))
            if first[1] != described:
                problems.append(Problem(
                    file, f"{path}.sources[{i}]",
                    f"source {ref.url} is described differently at {first[0]} "
                    "(kind, publisher, title, archived and canonical_url must agree)",
                ))
            if ref.copy:
                for key, reason in kept.citation_problems(ref.url, ref.quote, ref.copy, copies, ref.canonical_url):
                    problems.append(Problem(file, f"{path}.sources[{i}].{key}", reason))

    for p in parties:
        for dim_id, cell in p.cells.items():
            check_sources(party_file[p.id], f"cells.{dim_id}", cell.sources)
    for o in offerings:
        file = f"offerings/{o.id}.yaml"
        for role in ("developer", "platform"):
            pid = getattr(o, role)
            if pid and pid not in party_file:
                problems.append(Problem(file, role, f"unknown party {pid!r} (no parties/{pid}.yaml)"))
        for dim_id, cell in o.cells.items():
            check_sources(file, f"cells.{dim_id}", cell.sources)
        for dim_id, scope in o.scopes.items():
            check_sources(file, f"cells.{dim_id}", scope.sources)
        check_inheritance(catalogue, o, file, party_cells, problems, unreadable)


def check_inheritance(
    catalogue: Catalogue, o: OfferingRecord, file: str,
    party_cells: dict[tuple[str, str], CellRecord], problems: list[Problem],
    unreadable: Collection[tuple[str, str]] = (),
) -> None:
    """The two-level rule for an offering's cells; a party cell in ``unreadable`` (given, but
    with problems of its own) is not judged against."""
    records: list[tuple[str, CellRecord | ScopeRecord]] = [*o.cells.items(), *o.scopes.items()]
    for dim_id, record in records:
        dim = catalogue.get(dim_id)
        if dim is None:
            continue
        party = graded_party(dim, o.developer, o.platform)
        if (party, dim_id) in unreadable:
            continue
        for path, reason in inheritance_problems(dim, record, party, party_cells.get((party, dim_id))):
            problems.append(Problem(file, f"cells.{dim_id}" + (f".{path}" if path else ""), reason))


def inheritance_problems(
    dim: Dimension, record: CellRecord | ScopeRecord, party: str, inherited: CellRecord | None
) -> list[tuple[str, str]]:
    """The two-level rule for one offering cell: (path within the cell, reason) for each problem.

    ``party`` is the party ``dim`` grades for the offering, ``inherited`` its cell (if any). Data
    files and workbench drafts both check a cell here.
    """
    if isinstance(record, ScopeRecord):
        if inherited is None:
            return [("", f"an entry without a grade adds scope to the cell inherited from {party}, "
                         "but that party records no such cell; give a grade")]
        return [
            (f"facts.{key}", f"already recorded on {party}; a scope entry may add facts, not change them")
            for key in record.facts
            if key in inherited.facts
        ]
    if inherited is not None and not record.override_reason.strip():
        return [("override_reason", f"{party} records this {dim.level.value}-level cell once for every offering; "
                                    "an offering's own cell must say why it overrides it")]
    if inherited is None and record.override_reason:
        return [("override_reason", f"there is no cell on {party} to override; remove the override_reason")]
    return []

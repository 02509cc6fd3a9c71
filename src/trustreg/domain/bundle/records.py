"""The records a registry directory holds, the limits on their fields, and the problem report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trustreg.domain import copies as kept
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import CellRecord, ScopeRecord

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DIMENSION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
QUALIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
URL_RE = re.compile(r"^https?://[^\s<>\"']{1,2000}$")

LIMITS = {
    "name": 200,
    "label": 80,
    "question": 400,
    "summary": 600,
    "notes": 20_000,
    "caveat": 5_000,
    "quote": 5_000,
    "reason": 2_000,
    "title": 400,
    "publisher": 200,
    "geography": 400,
    "description": 4_000,
    "offering_summary": 4_000,
    "model_family": 120,
    "organisation": 200,
    "author": 120,
    "override_reason": 2_000,
}
CATEGORIES = ("first_party", "cloud_distribution")
CELL_KEYS = {
    "grade", "confidence", "summary", "notes", "tier", "route", "default", "geography", "facts",
    "verified", "caveat", "sources", "annotations", "extra",
}
SCOPE_KEYS = {"notes", "facts", "sources", "annotations"}
SOURCE_KEYS = {
    "url", "kind", "primary", "publisher", "title", "archived", "canonical_url", "quote", "role", "copy",
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}" if self.path else f"{self.file}: {self.reason}"


class BundleError(ValueError):
    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class RegistryMeta:
    name: str = "Trust Registry"
    license: str = ""
    disclaimer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PartyRecord:
    id: str
    name: str
    organisation: str = ""
    url: str | None = None
    summary: str = ""
    cells: dict[str, CellRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferingRecord:
    id: str
    name: str
    developer: str
    platform: str
    category: str
    model_family: str = ""
    summary: str = ""
    sort_order: int = 0
    cells: dict[str, CellRecord] = field(default_factory=dict)
    scopes: dict[str, ScopeRecord] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Bundle:
    meta: RegistryMeta
    catalogue: Catalogue
    parties: tuple[PartyRecord, ...]
    offerings: tuple[OfferingRecord, ...]
    copies: tuple[kept.CopyRecord, ...] = ()

    def party_cells(self) -> dict[tuple[str, str], CellRecord]:
        return {(p.id, dim): cell for p in self.parties for dim, cell in p.cells.items()}


"""The records a registry directory holds, the limits on their fields, and the problem report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from trustreg.domain import copies as kept
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import CellRecord, ScopeRecord, SourceRef
from trustreg.domain.fieldtypes import DIMENSION_ID_RE as DIMENSION_ID_RE  # their home is fieldtypes
from trustreg.domain.fieldtypes import ID_RE as ID_RE
from trustreg.domain.fieldtypes import LIMITS as LIMITS
from trustreg.domain.fieldtypes import QUALIFIER_RE as QUALIFIER_RE
from trustreg.domain.fieldtypes import URL_RE as URL_RE
from trustreg.domain.fieldtypes import Record, Url, choice, plain_mapping, text, whole_number

CATEGORIES = ("first_party", "cloud_distribution")
# The keys of a cell, of a scope entry and of a cited source in a data file, as their records name them.
CELL_KEYS = set(CellRecord.model_fields) - {"override_reason"}
SCOPE_KEYS = set(ScopeRecord.model_fields)
SOURCE_KEYS = set(SourceRef.model_fields)


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


class RegistryMeta(Record):
    name: Annotated[str, text(LIMITS["name"], empty="Trust Registry")] = "Trust Registry"
    license: Annotated[str, text(LIMITS["description"])] = ""
    disclaimer: Annotated[str, text(LIMITS["description"])] = ""
    extra: Annotated[dict[str, Any], plain_mapping()] = Field(default_factory=dict)


Id = Annotated[str, text(80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")]


class PartyRecord(Record):
    """An organisation (``parties/<id>.yaml``): a model developer, a serving platform, or both."""

    id: Id
    name: Annotated[str, text(LIMITS["name"], required=True)]
    organisation: Annotated[str, text(LIMITS["organisation"])] = ""
    url: Url = None
    summary: Annotated[str, text(LIMITS["offering_summary"])] = ""
    cells: dict[str, CellRecord] = Field(default_factory=dict)


class OfferingRecord(Record):
    """An offering (``offerings/<id>.yaml``). Its file gives ``cells`` alone: an entry without a
    grade is one of the ``scopes`` (a scope entry on the cell inherited from a party)."""

    id: Id
    name: Annotated[str, text(LIMITS["name"], required=True)]
    developer: Annotated[str, text(80, required=True)]
    platform: Annotated[str, text(80, required=True)]
    category: Annotated[str, choice(CATEGORIES)]
    model_family: Annotated[str, text(LIMITS["model_family"])] = ""
    summary: Annotated[str, text(LIMITS["offering_summary"])] = ""
    sort_order: Annotated[int, whole_number()] = 0
    cells: dict[str, CellRecord] = Field(default_factory=dict)
    scopes: dict[str, ScopeRecord] = Field(default_factory=dict)
    extra: Annotated[dict[str, Any], plain_mapping()] = Field(default_factory=dict)


@dataclass(frozen=True)
class Bundle:
    meta: RegistryMeta
    catalogue: Catalogue
    parties: tuple[PartyRecord, ...]
    offerings: tuple[OfferingRecord, ...]
    copies: tuple[kept.CopyRecord, ...] = ()

    def party_cells(self) -> dict[tuple[str, str], CellRecord]:
        return {(p.id, dim): cell for p in self.parties for dim, cell in p.cells.items()}


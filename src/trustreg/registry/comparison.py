"""Two to four offerings side by side: the comparison the compare page and the API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trustreg.domain.catalogue import Dimension
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.strength import EvidenceStrength
from trustreg.registry.models import Offering
from trustreg.registry.selectors import OfferingView, catalogue, offering_view


@dataclass
class CompareView:
    views: list[OfferingView]  # two to four, in the order asked

    @property
    def a(self) -> OfferingView:
        return self.views[0]

    @property
    def rows(self) -> list[tuple[Dimension, list[tuple[Offering, ResolvedCell, EvidenceStrength]], bool]]:
        """(question, each offering with its cell and its evidence strength, whether their grades
        differ) per core question."""
        out = []
        for first in self.a.cells:
            d = first.dimension.id
            cells = [(v.offering, v.cell(d), v.strengths[d]) for v in self.views]
            out.append((first.dimension, cells, len({c.grade for _, c, _ in cells}) > 1))
        return out


MAX_COMPARED = 4


def compare_view(*ids: str, as_of: dt.date | None = None) -> CompareView:
    """Two to four offerings side by side, as they were at the end of ``as_of`` when given."""
    if not 2 <= len(ids) <= MAX_COMPARED or len(set(ids)) != len(ids):
        raise ValueError(f"compare 2 to {MAX_COMPARED} different offerings")
    cat = catalogue()
    return CompareView([offering_view(i, as_of, cat) for i in ids])


def split_compare_ids(path: str) -> list[str] | None:
    """Split ``a-vs-b[-vs-c[-vs-d]]`` into known offering ids, even where an id itself contains
    ``-vs-``; None when no split names 2 to 4 offerings."""
    parts = path.split("-vs-")
    if not all(parts) or len(parts) > 16:
        return None
    if len(parts) == 2:
        return parts
    known = set(Offering.objects.values_list("id", flat=True))

    def splits(rest: list[str]) -> list[str] | None:
        for i in range(1, len(rest) + 1):
            head = "-vs-".join(rest[:i])
            if head in known:
                if i == len(rest):
                    return [head]
                tail = splits(rest[i:])
                if tail is not None:
                    return [head, *tail]
        return None

    found = splits(parts)
    return found if found is not None and 2 <= len(found) <= MAX_COMPARED else None

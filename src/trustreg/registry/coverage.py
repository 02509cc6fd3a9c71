"""The coverage figures of the registry as it stands (the /coverage/ page); three queries."""

from __future__ import annotations

from trustreg.domain.coverage import Coverage, coverage, public_registry_ids
from trustreg.registry.selectors import (
    all_cells,
    catalogue,
    listed_offerings,
    registry_meta,
    resolve_offering,
)


def coverage_view() -> Coverage:
    cat = catalogue()
    party_cells, offering_cells, scopes = all_cells()
    offerings = list(listed_offerings().order_by("sort_order", "id"))
    return coverage(
        len(cat.dimensions),
        [(o.id, o.name, resolve_offering(o, cat, party_cells, offering_cells, scopes)) for o in offerings],
        public_registry_ids(registry_meta().extra),
    )

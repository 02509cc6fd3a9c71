"""The fit check against the registry: every offering, the profile's questions only.

A fixed number of queries whatever the registry's size: the offerings, their parties, and the
cells of the profile's questions (or the replayed state on a past date).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.utils import timezone

from trustreg.buyers.profiles import step_catalogue
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.fit import OfferingFit, Profile, StepCatalogue, Verdict, fit_offering
from trustreg.domain.strength import Strength, cell_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry import history
from trustreg.registry.models import Offering
from trustreg.registry.selectors import catalogue, cells_at, offerings_at, resolve_offering

VERDICT_ORDER = (Verdict.MEETS, Verdict.MEETS_AFTER_STEPS, Verdict.UNKNOWN, Verdict.DOES_NOT_MEET)


class EvidenceClass(StrEnum):
    """The coarse evidence classes of the API's ``strength`` filter and the health figures."""

    SOLID = "solid"  # a primary source backs it (quote found or not yet checked), still fresh
    SECONDARY_ONLY = "secondary_only"
    EXPIRED = "expired"
    NONE = "none"  # no source cited, or not reviewed


_CLASS_OF = {
    Strength.PRIMARY_QUOTED: EvidenceClass.SOLID, Strength.PRIMARY_UNCHECKED: EvidenceClass.SOLID,
    Strength.SECONDARY: EvidenceClass.SECONDARY_ONLY, Strength.EXPIRED: EvidenceClass.EXPIRED,
    Strength.NO_SOURCE: EvidenceClass.NONE, Strength.NOT_REVIEWED: EvidenceClass.NONE,
}


def evidence_of(cell: ResolvedCell, today: dt.date) -> EvidenceClass:
    """A cell's coarse evidence class, read off the one strength rule (quote checks aside)."""
    return _CLASS_OF[cell_strength(cell, {}, today).strength]


@dataclass(frozen=True)
class FitRow:
    offering: Offering
    fit: OfferingFit

    @property
    def verdict(self) -> Verdict:
        return self.fit.verdict


@dataclass(frozen=True)
class FitView:
    profile: Profile
    catalogue: Catalogue
    rows: list[FitRow]
    today: dt.date
    as_of: history.AsOf | None = None

    @property
    def counts(self) -> list[tuple[Verdict, int]]:
        counts = Counter(r.verdict for r in self.rows)
        return [(v, counts[v]) for v in VERDICT_ORDER]

    def with_verdict(self, *verdicts: Verdict) -> list[FitRow]:
        return [r for r in self.rows if r.verdict in verdicts]


def fit_view(profile: Profile, as_of: dt.date | None = None, steps: StepCatalogue | None = None) -> FitView:
    return fit_views([profile], as_of, steps)[0]


def fit_views(
    profiles: Sequence[Profile], as_of: dt.date | None = None, steps: StepCatalogue | None = None,
) -> list[FitView]:
    """Several profiles checked over one reading and resolution of the registry (the build checks
    every preset at once)."""
    cat = catalogue()
    wanted = dict.fromkeys(r.question for p in profiles for r in p.requirements)
    dims = [d for d in (cat.get(q) for q in wanted) if d is not None]
    # Listed offerings only, as the index lists them: a retired offering keeps its page, nothing else.
    at = cells_at(offerings_at(as_of), as_of)
    party_cells, offering_cells, scopes = at.split
    today = as_of or timezone.now().date()
    steps = steps or step_catalogue()
    quotes = quote_states()  # one query: every cited quote's state in the kept copies
    rows: list[list[FitRow]] = [[] for _ in profiles]
    for o in at.offerings:
        cells = {c.dimension.id: c for c in resolve_offering(o, cat, party_cells, offering_cells, scopes, dims)}
        evidence = {dim: cell_strength(c, quotes, today) for dim, c in cells.items()}
        names = {o.developer_id: o.developer.name, o.platform_id: o.platform.name}
        for out, profile in zip(rows, profiles, strict=True):
            out.append(FitRow(o, fit_offering(o.id, profile, cells, evidence, steps, names)))
    rank = {v: i for i, v in enumerate(VERDICT_ORDER)}
    for out in rows:
        out.sort(key=lambda r: (rank[r.verdict], r.offering.sort_order, r.offering.id))
    return [FitView(profile, cat, out, today, at.past) for profile, out in zip(profiles, rows, strict=True)]


class Checked(Protocol):
    """A fit check's result, whole (``FitView``) or one page (``fitpage.FitPage``)."""

    @property
    def profile(self) -> Profile: ...
    @property
    def today(self) -> dt.date: ...
    @property
    def as_of(self) -> history.AsOf | None: ...

    def with_verdict(self, *verdicts: Verdict) -> list[FitRow]: ...


def allow_list(view: Checked) -> dict[str, object]:
    """The offerings that meet the profile (now or after steps), for a gateway or policy engine."""
    return {
        "profile": view.profile.model_dump(mode="json"),
        "evaluated_on": view.today.isoformat(),
        "registry_as_of": view.as_of.day.isoformat() if view.as_of else None,
        "allow": [
            {
                "offering": r.offering.id, "name": r.offering.name, "verdict": r.verdict.value,
                "steps": [{"question": q, "step": s} for q, s in r.fit.steps],
            }
            for r in view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)
        ],
        "deny": [
            {"offering": r.offering.id, "verdict": r.verdict.value}
            for r in view.with_verdict(Verdict.UNKNOWN, Verdict.DOES_NOT_MEET)
        ],
    }

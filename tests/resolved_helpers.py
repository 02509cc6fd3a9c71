"""The stored resolved grades against a full recomputation through the offering page's selector."""

from collections import Counter

from trustreg.domain.coverage import has_quote, is_backed
from trustreg.domain.strength import Strength, dated_strength
from trustreg.registry import selectors
from trustreg.registry.models import GradeCount, ResolvedGrade


def stored():
    """The stored rows as the pages show them today (expiry applied by the one rule)."""
    today = selectors.shown_day(None)
    freshness = {d.id: d.freshness_days for d in selectors.catalogue().dimensions}
    out = {}
    for r in ResolvedGrade.objects.all():
        ev = dated_strength((Strength(r.strength), r.why), verified=r.verified, confidence=r.confidence,
                            freshness_days=freshness[r.dimension_id], today=today)
        out[(r.offering_id, r.dimension_id)] = (r.grade, r.origin, ev.strength.value, ev.why, r.backed, r.quoted)
    return out


def recomputed():
    """Every listed offering resolved from scratch, one offering page at a time (the slow, sure way)."""
    cat = selectors.catalogue()
    out = {}
    for o in selectors.listed_offerings():
        view = selectors.offering_view(o.id, cat=cat)
        for c in view.cells:
            ev = view.strengths[c.dimension.id]
            out[(o.id, c.dimension.id)] = (c.grade, c.origin.value, ev.strength.value, ev.why, is_backed(c),
                                           has_quote(c))
    return out


def assert_stored_equals_recomputed():
    have, want = stored(), recomputed()
    listed = {k: v for k, v in have.items() if k[0] in {o for o, _ in want}}
    assert listed == want
    assert stored_counts() == Counter((dim, v[0], v[4], v[5]) for (_, dim), v in want.items())


def stored_counts() -> Counter:
    """The kept grade counts (listed offerings by question, grade, backed, quoted), zeros left out."""
    return Counter({(c.dimension_id, c.grade, c.backed, c.quoted): c.n for c in GradeCount.objects.filter(n__gt=0)})

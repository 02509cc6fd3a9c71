"""Fit inputs as kept values: typed columns round trip, and what a requirement reads."""

import json

from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.fit import FactTest, Requirement, StepCatalogue, StepWording
from trustreg.domain.fitkeys import canonical, columns_of, reads_of

FACT_VALUES = st.one_of(st.booleans(), st.integers(-5, 400), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(max_size=8), st.lists(st.text(max_size=5), max_size=3))
QUALIFIER = st.one_of(st.none(), st.sampled_from(["enterprise_only", "sales_contract", "opt_in", ""]))


@given(grade=st.sampled_from(["yes_public", "no", "not_reviewed"]), record=st.booleans(),
       tier=QUALIFIER, route=QUALIFIER, default=QUALIFIER, geography=st.one_of(st.none(), st.text(max_size=10)),
       facts=st.dictionaries(st.sampled_from(["regions", "zdr_available", "retention_days"]), FACT_VALUES))
def test_typed_columns_keep_every_input_with_its_type(grade, record, tier, route, default, geography, facts):
    text = canonical({"grade": grade, "record": record, "facts": facts, "tier": tier, "route": route,
                      "default": default, "geography": geography})
    typed = columns_of(text)
    assert (typed.grade, typed.record, typed.qualifiers, typed.geography) == (grade, record, (tier, route, default),
                                                                           geography)
    assert dict(typed.facts) == {name: _as_kept(value) for name, value in facts.items()}
    assert columns_of(canonical({"grade": "yes_public", "record": True, "facts": {"x": True}})).facts != \
        columns_of(canonical({"grade": "yes_public", "record": True, "facts": {"x": 1}})).facts  # true is not 1


def _as_kept(value):  # noqa: ANN001, ANN202
    if isinstance(value, list):  # a list as the set of its items
        return "[" + ",".join(sorted({canonical(v) for v in value})) + "]"
    return canonical(value)


WORDS = st.sampled_from(["EU", "eu-west", "us", "EU and US", "", "x"])


@given(items=st.lists(WORDS, max_size=4), data=st.data(),
       needle=WORDS.filter(bool), geography=st.one_of(st.none(), WORDS))
def test_a_list_fact_decides_the_same_verdict_in_any_order_and_with_repeats(items, data, needle, geography):
    """Why a list is kept as the set of its items: the rule reads it item by item."""
    from trustreg.domain.catalogue import Dimension, Level
    from trustreg.domain.fitkeys import verdict_of

    dim = Dimension(id="data_residency", label="Residency", question="Where?", group="data_handling",
                    level=Level.PLATFORM, slug="residency", freshness_days=90, facts={"regions": "list"})
    other = data.draw(st.permutations(items)) + data.draw(st.lists(st.sampled_from(items), max_size=2)) \
        if items else []
    reqs = [Requirement(question=dim.id, geography_mentions=needle),
            Requirement(question=dim.id, all_of=(FactTest(fact="regions", contains=needle),)),
            Requirement(question=dim.id, any_of=(FactTest(fact="regions", equals=needle),))]

    def inputs(regions: list) -> str:  # noqa: ANN001
        return canonical({"grade": "yes_public", "record": True, "facts": {"regions": regions},
                          "tier": None, "route": None, "default": None, "geography": geography})

    assert columns_of(inputs(items)).facts == columns_of(inputs(other)).facts
    for req in reqs:
        assert verdict_of(req, dim, inputs(items), StepCatalogue()) == verdict_of(req, dim, inputs(other),
                                                                                  StepCatalogue())


def test_a_stored_row_is_weak_from_always_after_expiry_or_never():
    import datetime as dt

    from trustreg.domain.fitkeys import weak_from

    day = dt.date(2026, 5, 1)
    assert weak_from("secondary", day) == weak_from("no_source", None) == dt.date.min
    assert weak_from("primary_quoted", day) == dt.date(2026, 5, 2)  # expired on any day after ``day``
    assert weak_from("primary_unchecked", None) is None
    assert weak_from("primary_quoted", dt.date.max) is None


def test_a_requirement_reads_its_refused_qualifiers_worded_qualifiers_tested_facts_and_asked_geography():
    steps = StepCatalogue(qualifiers={"route": {"sales_contract": StepWording("Ask.")}, "tier": {}})
    req = Requirement(question="retention_zdr", forbid={"tier": ("self_serve",), "default": ()},
                      any_of=(FactTest(fact="zdr_available", equals=True), FactTest(fact="retention_days", at_most=3)),
                      geography_mentions="EU")
    reads = reads_of(req, steps)
    assert reads.refused == (("tier", ("self_serve",)),)  # nothing refused of default: never read
    assert reads.worded == (("route", ("sales_contract",)),)  # tier has no wording
    assert reads.geography and reads.facts == ("regions", "retention_days", "zdr_available")
    assert not reads_of(Requirement(question="hipaa_baa"), StepCatalogue()).geography
    assert reads_of(Requirement(question="hipaa_baa"), StepCatalogue()).facts == ()


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@given(value=ANY_JSON)
def test_canonical_text_is_json_dumps_with_sorted_keys_no_spaces_and_dates_as_text(value):
    assert canonical(value) == json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                          default=str)

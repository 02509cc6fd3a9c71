"""The fit check paged in SQL gives exactly what checking every offering gives, on any registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.domain import strategies
from tests.history_helpers import frozen
from trustreg.buyers import fitpage, profiles, selectors
from trustreg.domain.catalogue import FactType
from trustreg.domain.cells import SourceRef
from trustreg.domain.fieldtypes import replace
from trustreg.domain.fit import AVAILABLE, UNDECIDED, FactTest, Profile, Requirement
from trustreg.domain.grades import Grade
from trustreg.registry.selectors import catalogue
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
DECIDING = [g for g in Grade if g not in UNDECIDED]
WORDS = st.sampled_from(["EU", "eu", "us", "Frankfurt", "zero", "30", "é", "a-b", "enterprise", "x"])


QUALIFIED = {"tier": ["enterprise_only", "self_serve"], "route": ["sales_contract", "trust_center_nda", "console"],
             "default": ["requires_approval", "on"]}
# The questions with facts the fit presets test: most cells of a random registry fall on them.
FIT_DIMS = ["retention_zdr", "data_residency", "soc2_type2", "hipaa_baa", "training_on_customer_data"]
SOLID = SourceRef(url="https://vendor.example/trust", kind="vendor_doc", primary=True, title="Trust",
                             quote="")


@st.composite
def fit_cells(draw, cat, dim_id):  # noqa: ANN001, ANN201 - a strategy
    """A random cell, mostly with evidence one can rely on (a primary source, verified lately), so
    that every verdict comes up, and qualifiers the step file words."""
    c = draw(strategies.cell(cat, dim_id))
    changes = {name: draw(st.one_of(st.none(), st.sampled_from(values))) for name, values in QUALIFIED.items()}
    if draw(st.integers(0, 5)):
        changes.update(sources=(SOLID,), verified=draw(st.one_of(st.none(), st.dates(dt.date(2026, 1, 1),
                                                                                      dt.date.today()))))
    if draw(st.integers(0, 3)):
        changes["grade"] = draw(st.sampled_from(["yes_public", "yes_sales_gated", "no", "partial"]))
    if draw(st.booleans()):
        changes["geography"] = draw(st.sampled_from(["EU", "EU and US", "us-east", None]))
    return replace(c, **changes)


@st.composite
def fit_bundles(draw, cat):  # noqa: ANN001, ANN201 - a strategy
    """A random registry (``strategies.bundles``) whose cells on the fit questions are ``fit_cells``."""
    bundle = draw(strategies.bundles(cat, max_offerings=4).filter(lambda b: b.offerings))
    dims = [d for d in FIT_DIMS if cat.get(d) is not None]

    def chosen() -> list[str]:
        return draw(st.lists(st.sampled_from(dims), min_size=2, max_size=len(dims), unique=True))

    parties = []
    for p in bundle.parties:
        mine = chosen()
        parties.append(replace(p, cells={**p.cells, **{d: draw(fit_cells(cat, d)) for d in mine}}))
    offerings = []
    for o in bundle.offerings:
        mine = chosen()
        cells = {d: replace(draw(fit_cells(cat, d)), override_reason="Checked with the vendor.") for d in mine}
        offerings.append(replace(o, cells={**o.cells, **cells},
                                 scopes={d: sc for d, sc in o.scopes.items() if d not in mine}))
    return replace(bundle, parties=tuple(parties), offerings=tuple(offerings))


def _fact_test(dim, name):  # noqa: ANN001, ANN202 - a strategy
    kind = dim.facts[name].type
    tests = [st.builds(FactTest, fact=st.just(name), contains=WORDS)]
    if kind in (FactType.INTEGER, FactType.NUMBER):
        tests += [st.builds(FactTest, fact=st.just(name), at_most=st.integers(0, 400)),
                  st.builds(FactTest, fact=st.just(name), at_least=st.integers(0, 400))]
    if kind is FactType.BOOLEAN:
        tests.append(st.builds(FactTest, fact=st.just(name), equals=st.booleans()))
    if kind is FactType.STRING:
        tests.append(st.builds(FactTest, fact=st.just(name), equals=WORDS))
    return st.one_of(tests)


@st.composite
def requirements(draw, dim):  # noqa: ANN001, ANN201 - a strategy
    facts = list(dim.facts)
    kwargs = {"question": dim.id,
              "grades": tuple(draw(st.lists(st.sampled_from(DECIDING), min_size=1, max_size=4, unique=True)))}
    if draw(st.booleans()):
        kwargs["grades"] = AVAILABLE
    if not draw(st.integers(0, 3)):
        kwargs["forbid"] = {q: tuple(draw(st.lists(strategies.qualifier, min_size=1, max_size=2)))
                            for q in draw(st.lists(st.sampled_from(["tier", "route", "default"]), max_size=2))}
    if facts and not draw(st.integers(0, 3)):
        kwargs["all_of"] = tuple(draw(st.lists(st.sampled_from(facts).flatmap(lambda f: _fact_test(dim, f)),
                                               max_size=2)))
    if facts and not draw(st.integers(0, 3)):
        kwargs["any_of"] = tuple(draw(st.lists(st.sampled_from(facts).flatmap(lambda f: _fact_test(dim, f)),
                                               min_size=1, max_size=2)))
    if not draw(st.integers(0, 3)):
        kwargs["geography_mentions"] = draw(WORDS)
    return Requirement(**kwargs)


@st.composite
def profiles_of(draw, cat):  # noqa: ANN001, ANN201 - a strategy
    fit_dims = [d for d in cat.dimensions if d.id in FIT_DIMS]
    dims = draw(st.lists(st.sampled_from(fit_dims), min_size=1, max_size=2, unique_by=lambda d: d.id))
    if not draw(st.integers(0, 3)):  # sometimes a question nobody may have graded
        dims += draw(st.lists(st.sampled_from([d for d in cat.dimensions if d not in dims]), max_size=1))
    return Profile(requirements=tuple(draw(requirements(d)) for d in dims))


def _whole(view):  # noqa: ANN001, ANN202
    return [(r.offering.id, r.verdict, r.fit.steps,
             [(x.requirement.question, x.verdict, x.reason, x.evidence, x.steps, x.cell.grade, x.verified)
              for x in r.fit.results]) for r in view.rows]


def _paged(profile, as_of, per_page):  # noqa: ANN001, ANN202
    first = fitpage.fit_page(profile, as_of, 1, per_page)
    pages = [first] + [fitpage.fit_page(profile, as_of, n, per_page) for n in range(2, first.pages + 1)]
    return first, [row for p in pages for row in _whole(p)]


def _agree(profile: Profile, as_of: dt.date | None, per_page: int) -> None:
    whole = selectors.fit_view(profile, as_of)
    first, rows = _paged(profile, as_of, per_page)
    assert rows == _whole(whole)
    assert first.counts == whole.counts and first.today == whole.today
    meeting = [r.offering.id for r in whole.rows if r.verdict.value in ("meets", "meets_after_steps")]
    assert first.leading == meeting[:fitpage.COMPARED]
    assert (first.as_of is None) == (whole.as_of is None)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), shifts=st.lists(st.integers(-5, 5), min_size=1, max_size=2), probe=st.integers(-6, 7),
       per_page=st.integers(1, 3))
def test_the_paged_check_is_the_whole_check_on_random_registries_profiles_and_days(bundled, data, shifts, probe,
                                                                                    per_page):
    cat = bundled.catalogue
    with transaction.atomic():
        for i, shift in enumerate(shifts):
            bundle = data.draw(fit_bundles(cat))
            with frozen(START + dt.timedelta(days=shift, minutes=i)):
                registry_load(actor="test", bundle=bundle, reason=f"load {i}")
        profile = data.draw(profiles_of(catalogue()))
        _agree(profile, None, per_page)
        _agree(profile, START.date() + dt.timedelta(days=probe), per_page)
        transaction.set_rollback(True)


def test_every_preset_and_the_query_profiles_agree_with_the_whole_check_on_the_bundled_registry(loaded):
    cat = catalogue()
    asked = [profiles.profile_from_query({"r_hipaa_baa": "any", "r_data_residency": "any", "eu": "1",
                                          "r_retention_zdr": "public", "max_days": "30", "r_soc2_type2": "any",
                                          "nda": "0"}, cat).profile]
    for profile in (*profiles.presets(cat), *asked):
        assert profile is not None
        for as_of in (None, dt.date(2026, 6, 30)):
            _agree(profile, as_of, 5)


def test_a_profile_naming_an_informational_question_agrees_with_the_whole_check(loaded):
    cat = catalogue()
    informational = cat.informational[0]
    profile = Profile(requirements=(Requirement(question=informational.id), Requirement(question="hipaa_baa")))
    for as_of in (None, dt.date(2026, 6, 30)):
        _agree(profile, as_of, 4)


def test_a_page_past_the_last_reads_as_the_last_page_with_its_rows(loaded):
    profile = profiles.preset("no-training", catalogue())
    last = -(-len(loaded.offerings) // 5)
    page = fitpage.fit_page(profile, None, 99, 5)
    assert (page.page, page.pages, page.next_page) == (last, last, None)
    assert page.total == len(loaded.offerings)
    assert [r.offering.id for r in page.rows] == [r.offering.id for r in fitpage.fit_page(profile, None, last, 5).rows]
    assert page.rows


def test_an_offset_past_the_end_is_an_empty_page_not_the_last(loaded):
    profile = profiles.preset("no-training", catalogue())
    assert fitpage.fit_page(profile, None, per_page=5, offset=len(loaded.offerings)).rows == []


def _queries(fn) -> list[str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("as_of", [None, dt.date(2026, 6, 30)])
def test_a_page_costs_the_same_queries_at_any_registry_size(loaded, as_of):
    profile = profiles.preset("phi-eu-zero-retention", catalogue())
    fitpage.fit_page(profile, as_of)  # the catalogue, then cached
    small = _queries(lambda: fitpage.fit_page(profile, as_of, 1, 5))
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    extra = tuple(replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=100 + i) for i in range(30))
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings + extra))
    fitpage.fit_page(profile, as_of)
    large = _queries(lambda: fitpage.fit_page(profile, as_of, 1, 5))
    assert len(small) == len(large) <= 9

"""An offering's details (name, parties, order, retirement) through time: a past day shows those in
force at its end, on every reader, whatever was renamed or retired since."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.history_helpers import bundled, frozen
from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta
from trustreg.domain.cells import CellRecord
from trustreg.domain.history import end_of_day
from trustreg.registry import details, index, selectors
from trustreg.registry.comparison import compare_view
from trustreg.registry.datajson import export_document
from trustreg.registry.models import Offering, OfferingDetailsSpan, Party
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db

CATALOGUE = bundled().catalogue
PARTIES = ("dev", "plat", "plat2")
START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
DAY1, DAY2, DAY3 = (START.date() + dt.timedelta(days=n) for n in range(3))
SLUG = CATALOGUE.get("soc2_type2").slug  # the question of the cell each offering has


@dataclass(frozen=True)
class Shown:
    """What a day shows of one offering."""

    name: str
    platform: str = "plat"
    sort_order: int = 0
    retired: bool = False


def registry(offerings: dict[str, Shown]) -> Bundle:
    """A small registry: the three parties, and these offerings (retired ones left out), each with
    a cell of its own (its first revision dates it)."""
    return Bundle(RegistryMeta(), CATALOGUE, tuple(PartyRecord(id=p, name=f"Party {p.upper()}") for p in PARTIES),
                  tuple(OfferingRecord(id=oid, name=s.name, developer="dev", platform=s.platform,
                                       category="cloud_distribution", sort_order=s.sort_order,
                                       cells={"soc2_type2": CellRecord(grade="partial")})
                        for oid, s in sorted(offerings.items()) if not s.retired))


def load(offerings: dict[str, Shown], when: dt.datetime) -> None:
    with frozen(when):
        registry_load(actor="test", bundle=registry(offerings), retire_missing=True)


@pytest.fixture
def renamed() -> None:
    """o1 "Old name" and o2 published on DAY1; o1 renamed "New name" and moved to plat2 on DAY3."""
    load({"o1": Shown("Old name"), "o2": Shown("Other", sort_order=1)}, START)
    load({"o1": Shown("New name", platform="plat2"), "o2": Shown("Other", sort_order=1)},
         START + dt.timedelta(days=2))


def test_a_rename_keeps_the_details_it_replaces_as_a_span_ending_at_the_load(renamed):
    span = OfferingDetailsSpan.objects.get()
    assert (span.offering_id, span.name, span.platform_id, span.since, span.until) == (
        "o1", "Old name", "plat", None, START + dt.timedelta(days=2))
    assert Offering.objects.get(id="o1").name == "New name"


def test_a_load_that_changes_no_details_keeps_no_span(renamed):
    load({"o1": Shown("New name", platform="plat2"), "o2": Shown("Other", sort_order=1)},
         START + dt.timedelta(days=3))
    assert OfferingDetailsSpan.objects.count() == 1


def test_shown_gives_the_name_and_parties_in_force_at_the_end_of_each_day(renamed):
    o1 = Offering.objects.select_related("developer", "platform").get(id="o1")
    assert [(o.name, o.platform.name) for o in details.shown([o1], DAY2)] == [("Old name", "Party PLAT")]
    assert [(o.name, o.platform.name) for o in details.shown([o1], DAY3)] == [("New name", "Party PLAT2")]
    assert o1.name == "New name"  # the copies are new objects: today's row is left as it is


def test_the_offering_page_shows_the_old_name_and_platform_on_a_day_before_the_rename(renamed, client):
    assert selectors.offering_view("o1", DAY2).offering.name == "Old name"
    assert selectors.offering_view("o1", DAY2).party_name("plat") == "Party PLAT"
    page = client.get(f"/offerings/o1/?as_of={DAY2}").content.decode()
    assert "Old name" in page and "New name" not in page
    assert "New name" in client.get("/offerings/o1/").content.decode()


def test_the_index_lists_filters_and_sorts_by_the_details_of_the_day_shown(renamed, client):
    view = index.index_view(as_of=DAY2)
    assert [r.offering.name for r in view.rows] == ["Old name", "Other"]
    assert [r.offering.id for r in index.index_view(index.IndexFilters(q="old"), as_of=DAY2).rows] == ["o1"]
    assert not index.index_view(index.IndexFilters(q="new name"), as_of=DAY2).rows
    assert [r.offering.id for r in index.index_view(index.IndexFilters(platform="plat"), as_of=DAY2).rows] == [
        "o1", "o2"]
    assert [p.id for p in view.platforms] == ["plat"]
    assert [r.offering.id for r in index.index_view(index.IndexFilters(q="Party PLAT2"), as_of=DAY2).rows] == []
    assert [r.offering.id for r in index.index_view(sort="platform", as_of=DAY3).rows] == ["o2", "o1"]
    page = client.get(f"/?as_of={DAY2}").content.decode()
    assert "Old name" in page and "New name" not in page


def test_the_question_page_names_the_offerings_as_they_were_then(renamed, client):
    view = selectors.question_view(SLUG, DAY2)
    assert [o.name for o, _ in view.entries] == ["Old name", "Other"]
    page = client.get(f"/questions/{SLUG}/?as_of={DAY2}").content.decode()
    assert "Old name" in page and "New name" not in page


def test_compare_data_json_the_api_and_mcp_show_the_old_name_on_a_past_day(renamed, client):
    from trustreg.mcp import tools

    assert [v.offering.name for v in compare_view("o1", "o2", as_of=DAY2).views] == ["Old name", "Other"]
    assert "Old name" in client.get(f"/compare/o1-vs-o2/?as_of={DAY2}").content.decode()
    assert [o["name"] for o in export_document(as_of=DAY2)["offerings"]] == ["Old name", "Other"]
    assert [o["platform"] for o in export_document(as_of=DAY2)["offerings"]] == ["Party PLAT", "Party PLAT"]
    assert [o["name"] for o in export_document()["offerings"]] == ["New name", "Other"]
    detail = client.get(f"/api/v1/offerings/o1?as_of={DAY2}").json()
    assert detail["offering"]["name"] == "Old name"
    listing = client.get(f"/api/v1/offerings?as_of={DAY2}").json()
    assert [o["name"] for o in listing["items"]] == ["Old name", "Other"]
    assert tools.get_offering("o1", DAY2.isoformat())["offering"]["name"] == "Old name"
    assert tools.get_offering("o1")["offering"]["name"] == "New name"


def test_the_fit_check_and_the_memo_name_the_offerings_as_they_were_then(renamed):
    from trustreg.buyers.fitpage import fit_page
    from trustreg.buyers.memo import memo_input
    from trustreg.buyers.selectors import fit_view
    from trustreg.domain.fit import Profile, Requirement

    profile = Profile(requirements=(Requirement(question="soc2_type2"),))
    assert sorted(r.offering.name for r in fit_page(profile, DAY2).rows) == ["Old name", "Other"]
    assert sorted(r.offering.name for r in fit_view(profile, DAY2).rows) == ["Old name", "Other"]
    assert sorted(r.offering.name for r in fit_page(profile).rows) == ["New name", "Other"]
    memo = memo_input("o1", DAY2)
    assert (memo.name, memo.platform) == ("Old name", "Party PLAT")


def test_a_retired_offering_is_listed_on_the_days_before_its_retirement_only(renamed):
    load({"o1": Shown("New name", platform="plat2")}, START + dt.timedelta(days=3))  # o2 retired on day 4
    day4 = START.date() + dt.timedelta(days=3)
    assert [r.offering.id for r in index.index_view(as_of=DAY3).rows] == ["o1", "o2"]
    assert index.index_view(as_of=DAY3).total == 2
    assert [r.offering.id for r in index.index_view(as_of=day4).rows] == ["o1"]
    assert [o["id"] for o in export_document(as_of=DAY3)["offerings"]] == ["o1", "o2"]
    assert [o["id"] for o in export_document(as_of=day4)["offerings"]] == ["o1"]
    assert selectors.question_view(SLUG, DAY3).grade_counts == [("partial", 2)]
    assert selectors.question_view(SLUG, day4).grade_counts == [("partial", 1)]


def test_a_party_a_past_day_still_names_is_kept_when_a_load_drops_it(renamed):
    bundle = registry({"o1": Shown("New name", platform="plat2"), "o2": Shown("Other", sort_order=1)})
    with frozen(START + dt.timedelta(days=3)):
        registry_load(actor="test", bundle=Bundle(bundle.meta, bundle.catalogue, tuple(
            p for p in bundle.parties if p.id != "plat"), bundle.offerings))
    assert Party.objects.filter(id="plat").exists()
    assert selectors.offering_view("o1", DAY2).offering.platform.name == "Party PLAT"


def test_the_past_offering_page_reads_as_many_queries_after_many_renames(renamed, client):
    def count() -> int:
        with CaptureQueriesContext(transaction.get_connection()) as ctx:
            assert client.get(f"/offerings/o1/?as_of={DAY2}").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        load({"o1": Shown(f"Name {n}", platform="plat2"), "o2": Shown("Other", sort_order=1)},
             START + dt.timedelta(days=3 + n))
    assert OfferingDetailsSpan.objects.filter(offering_id="o1").count() == 6
    assert count() == before


# -- Random histories ------------------------------------------------------------------------------

NAMES = ["Alpha", "Beta", "Gamma"]
change = st.tuples(
    st.sampled_from(["o1", "o2"]),
    st.one_of(st.sampled_from(NAMES).map(lambda n: ("name", n)), st.sampled_from(["plat", "plat2"]).map(
        lambda p: ("platform", p)), st.integers(0, 2).map(lambda n: ("sort_order", n)),
        st.booleans().map(lambda r: ("retired", r))),
    st.integers(0, 30),  # hours after the change before
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(change, min_size=1, max_size=6), o2_from=st.integers(0, 3))
def test_every_past_day_shows_the_details_last_published_by_its_end_over_random_histories(changes, o2_from):
    """The model: the state after each load, by the instant of the load (a rename, a move to another
    platform, a new order, a retirement or a return). A day shows the offerings
    published by its end and not retired then, each with the details of the last load before its end."""
    with transaction.atomic():
        state = {"o1": Shown("Alpha")}
        when = START
        published: list[tuple[dt.datetime, dict[str, Shown]]] = []
        load(state, when)
        published.append((when, dict(state)))
        for i, (oid, (what, value), hours) in enumerate(changes):
            when += dt.timedelta(hours=hours)
            if oid == "o2" and "o2" not in state:
                if i < o2_from:
                    continue
                state["o2"] = Shown("Beta", sort_order=1)  # first published (with a cell of its own)
            elif state[oid].retired and what != "retired":
                continue  # a load leaves a retired offering's row as it is: it is not in the files
            else:
                state[oid] = Shown(**{**state[oid].__dict__, what: value})
            load(state, when)
            published.append((when, dict(state)))
        for day in [START.date() - dt.timedelta(days=1)] + sorted({at.date() for at, _ in published}):
            then = [s for at, s in published if at < end_of_day(day)]
            expected = then[-1] if then else {}
            listed = sorted(((s.sort_order, oid), s) for oid, s in expected.items() if not s.retired)
            want = [(oid, s.name, s.platform) for (_, oid), s in listed]
            view = index.index_view(as_of=day)
            assert [(r.offering.id, r.offering.name, r.offering.platform_id) for r in view.rows] == want, day
            assert view.total == len(want)
            exported = export_document(as_of=day)["offerings"]
            assert [(o["id"], o["name"], o["platform"]) for o in exported] == [
                (oid, name, f"Party {plat.upper()}") for oid, name, plat in want]
            assert [(o.id, o.name) for o, _ in selectors.question_view(SLUG, day).entries] == [
                (oid, name) for oid, name, _ in want]
            for oid, s in expected.items():
                view_then = selectors.offering_view(oid, day)
                assert (view_then.offering.name, view_then.offering.platform_id,
                        view_then.offering.retired_at is not None) == (s.name, s.platform, s.retired)
        transaction.set_rollback(True)


# -- Migration -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_from_before_the_spans_knows_its_current_details_as_their_one_state():
    from django.core.management import call_command

    from tests.migration_helpers import migrate_to, migrate_to_latest

    load({"o1": Shown("Old name"), "o2": Shown("Other", sort_order=1)}, START)
    try:
        old = migrate_to(("registry", "0014_fit_vectors"))
        old.get_model("registry", "Offering").objects.filter(id="o1").update(name="Renamed before the spans")
        call_command("migrate", verbosity=0)
    finally:
        migrate_to_latest()
    assert not OfferingDetailsSpan.objects.exists()
    assert [r.offering.name for r in index.index_view(as_of=DAY1).rows] == ["Renamed before the spans", "Other"]
    load({"o1": Shown("After the spans"), "o2": Shown("Other", sort_order=1)}, START + dt.timedelta(days=2))
    assert selectors.offering_view("o1", DAY2).offering.name == "Renamed before the spans"
    assert selectors.offering_view("o1", DAY3).offering.name == "After the spans"

"""As-of pages, the offering history page and the changelog, as a visitor sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.history_helpers import XSS, at, bundled, load_at, main_part, publish_two_days, with_party_cell
from trustreg.domain.fieldtypes import replace
from trustreg.registry.models import Dimension, Revision
from trustreg.registry.publish import Holder, cell_publish, current_row, records_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_days() -> None:
    publish_two_days()


def test_an_as_of_page_shows_the_grade_of_that_day_under_a_banner(client: Client, two_days: None) -> None:
    old = client.get("/offerings/azure-openai/?as_of=2026-05-02").content.decode()
    new = client.get("/offerings/azure-openai/").content.decode()
    assert "You are viewing the registry as it was on 2026-05-02" in old
    assert "You are viewing the registry" not in new
    soc2 = lambda html: html.split('id="soc2_type2"', 1)[1].split("</article>", 1)[0]  # noqa: E731
    assert "Yes, sales-gated" in soc2(old) and "Now public." not in soc2(old)
    assert "Yes, public" in soc2(new) and "Now public." in soc2(new)


@pytest.mark.parametrize(
    "url",
    ["/", "/offerings/azure-openai/", "/questions/soc2-type-2/", "/compare/azure-openai-vs-openai-api/"],
)
def test_every_public_page_answers_as_of_with_the_banner(client: Client, two_days: None, url: str) -> None:
    r = client.get(url, {"as_of": "2026-05-01"})
    assert r.status_code == 200
    assert "You are viewing the registry as it was on 2026-05-01" in r.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/offerings/azure-openai/", "/questions/soc2-type-2/", "/compare/azure-openai-vs-openai-api/"],
)
@pytest.mark.parametrize(
    "bad,message",
    [
        ("2026-02-30", "as_of must be"),
        ("last week", "as_of must be"),
        ("2026-5-1", "as_of must be"),
    ],
)
def test_a_malformed_as_of_is_refused_with_a_clear_message(
    client: Client, two_days: None, url: str, bad: str, message: str
) -> None:
    r = client.get(url, {"as_of": bad})
    assert r.status_code == 400
    assert message in r.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/offerings/azure-openai/", "/questions/soc2-type-2/", "/compare/azure-openai-vs-openai-api/"],
)
def test_a_future_as_of_is_read_as_today_with_a_note(client: Client, two_days: None, url: str) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    r = client.get(url, {"as_of": "9999-01-01"})
    assert r.status_code == 200
    html = r.content.decode()
    assert f"as_of 9999-01-01 is in the future: showing today, {today} (UTC), instead." in html
    assert f"You are viewing the registry as it was on {today}" in html


def test_a_future_to_date_in_the_history_is_read_as_today_with_a_note(client: Client, two_days: None) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    r = client.get("/offerings/azure-openai/history/", {"from": "2026-05-01", "to": "2999-12-31"})
    assert r.status_code == 200
    assert r.context["end"].isoformat() == today
    assert "to 2999-12-31 is in the future: showing today" in r.content.decode()
    assert [c.dimension.id for c in r.context["diff"].changed] == ["soc2_type2"]


def test_before_the_first_revision_the_registry_is_empty_and_says_why(client: Client, two_days: None) -> None:
    page = client.get("/?as_of=2026-04-30").content.decode()
    assert "Its published history starts on 2026-05-01" in page
    assert 'href="/offerings/azure-openai/' not in page
    r = client.get("/offerings/azure-openai/?as_of=2026-04-30")
    assert r.status_code == 404 and "not in the registry yet on 2026-04-30" in r.content.decode()


def test_the_offering_page_links_its_history_and_feed(client: Client, two_days: None) -> None:
    page = client.get("/offerings/azure-openai/").content.decode()
    assert 'href="/offerings/azure-openai/history/"' in page
    assert 'href="/offerings/azure-openai/changelog.atom"' in page


def test_the_history_lists_inherited_party_changes_with_reason_and_author(
    client: Client, two_days: None
) -> None:
    page = client.get("/offerings/azure-openai/history/").content.decode()
    assert "Microsoft Azure" in page and "recorded once for the party" in page
    assert "Report published &lt;script&gt;" in page
    assert "by test" in page
    # Google's cells do not reach Azure OpenAI: not in its history.
    assert "Google Cloud Vertex AI" not in page.split("Changes by cell", 1)[1]


def test_the_history_filters_by_cell(client: Client, two_days: None) -> None:
    all_count = client.get("/offerings/azure-openai/history/").context["page"].paginator.count
    soc2 = client.get("/offerings/azure-openai/history/?dimension=soc2_type2").context["page"].paginator.count
    assert soc2 == 3  # the party cell twice (recorded, regraded) and the offering's scope entry once
    assert all_count > soc2


def test_the_history_diffs_two_dates_cell_by_cell(client: Client, two_days: None) -> None:
    r = client.get("/offerings/azure-openai/history/", {"from": "2026-05-01", "to": "2026-05-03"})
    diff = r.context["diff"]
    assert [c.dimension.id for c in diff.changed] == ["soc2_type2"]
    grade = diff.changed[0].diff.field("grade")
    assert (grade.before, grade.after) == ("yes_sales_gated", "yes_public")
    html = r.content.decode()
    assert "<ins>Now public.</ins>" in html or "<ins>Now public. &lt;script&gt;" in html
    assert XSS not in html


@pytest.mark.parametrize(
    "query,message",
    [
        ({"from": "2026-05-01"}, "give both dates"),
        ({"from": "2026-05-03", "to": "2026-05-01"}, "must not be after"),
        ({"from": "2026-13-01", "to": "2026-05-01"}, "from must be"),
        ({"dimension": "nope"}, "is not a question"),
    ],
)
def test_the_history_refuses_bad_parameters(
    client: Client, two_days: None, query: dict, message: str
) -> None:
    r = client.get("/offerings/azure-openai/history/", query)
    assert r.status_code == 400 and message in r.content.decode()


def test_an_unknown_offering_has_no_history(client: Client, two_days: None) -> None:
    assert client.get("/offerings/nope/history/").status_code == 404


def test_the_changelog_is_newest_first_and_paginated(client: Client, two_days: None) -> None:
    r = client.get("/changelog/")
    entries = r.context["entries"]
    assert entries[0].revision.kind == Revision.Kind.VENDOR_CHANGED
    assert [e.revision.published_at for e in entries] == sorted(
        (e.revision.published_at for e in entries), reverse=True
    )
    total = Revision.objects.count()
    assert r.context["page"].paginator.count == total
    last = client.get(f"/changelog/?page={r.context['page'].paginator.num_pages}")
    assert len(last.context["entries"]) == total - 50 * (r.context["page"].paginator.num_pages - 1)


def test_the_changelog_filters_by_offering_dimension_and_kind(client: Client, two_days: None) -> None:
    kinds = client.get("/changelog/?kind=vendor_changed").context["entries"]
    assert [e.revision.holder for e in kinds] == ["party:microsoft-azure"]
    dims = client.get("/changelog/?dimension=gpai_cop").context["page"].paginator.count
    assert dims == Revision.objects.filter(dimension_id="gpai_cop").count()
    azure = client.get("/changelog/?offering=azure-openai").context["page"].paginator.count
    assert azure == client.get("/offerings/azure-openai/history/").context["page"].paginator.count


def test_the_changelog_finds_an_offering_by_name_and_filters_by_it(client: Client, two_days: None) -> None:
    r = client.get("/changelog/?offering=Azure OpenAI Service")
    assert r.status_code == 200 and r.context["offering"].id == "azure-openai"
    by_id = client.get("/changelog/?offering=azure-openai").context["page"].paginator.count
    assert r.context["page"].paginator.count == by_id
    assert 'value="azure-openai"' in r.content.decode()  # the box then holds the id it found


def test_a_changelog_filter_matching_several_offerings_asks_for_an_id(client: Client, two_days: None) -> None:
    r = client.get("/changelog/?offering=openai")
    page = r.content.decode()
    assert r.status_code == 400 and "several offerings match" in page and "give one id" in page
    assert "azure-openai" in page


def test_the_changelog_filter_lists_no_offerings(client: Client, two_days: None) -> None:
    """A search box, not a choice of every offering: the page does not grow with the registry."""
    page = client.get("/changelog/").content.decode()
    form = page.split('aria-label="Filter the changelog"', 1)[1].split("</form>", 1)[0]
    assert '<input type="search" name="offering"' in form
    assert "azure-openai" not in form and "Azure OpenAI Service" not in form


@pytest.mark.parametrize("query", ["kind=bogus", "offering=nope", "dimension=nope"])
def test_the_changelog_refuses_an_unknown_filter(client: Client, two_days: None, query: str) -> None:
    r = client.get(f"/changelog/?{query}")
    assert r.status_code == 400 and "Cannot filter the changelog" in r.content.decode()


def test_the_changelog_shows_credits_and_the_nav_links_it(client: Client, two_days: None) -> None:
    Revision.objects.filter(kind=Revision.Kind.VENDOR_CHANGED).update(credit="Jane <b>Doe</b>")
    page = client.get("/changelog/").content.decode()
    assert "credit:</strong> Jane &lt;b&gt;Doe&lt;/b&gt;" in page
    assert 'href="/changelog/" aria-current="page"' in page


def test_a_revision_page_shows_its_full_diff(client: Client, two_days: None) -> None:
    rev = Revision.objects.get(kind=Revision.Kind.VENDOR_CHANGED)
    page = client.get(f"/changelog/{rev.pk}/").content.decode()
    assert f"tag:trustregistry.example,2026:revision/{rev.pk}" in page
    assert "<del>" in page and "<ins>" in page
    assert client.get("/changelog/999999/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/offerings/azure-openai/",
        "/offerings/azure-openai/?as_of=2026-05-03",
        "/offerings/azure-openai/history/",
        "/changelog/",
        "/offerings/azure-openai/history/?from=2026-05-01&to=2026-05-03",
        "/questions/soc2-type-2/?as_of=2026-05-03",
        "/compare/azure-openai-vs-openai-api/",
    ],
)
def test_markup_in_notes_and_reasons_renders_as_inert_text(client: Client, two_days: None, url: str) -> None:
    html = client.get(url).content.decode()
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(" in html and "&amp;lt;script&amp;gt;alert(" not in html
    )  # escaped exactly once


def _grow(n_loads: int) -> None:
    """More history: regrade one party cell again and again on later days, plus bulk revisions."""
    b = bundled()
    for i in range(n_loads):
        load_at(
            with_party_cell(b, "openai", "soc2_type2", notes=f"Revision {i}."),
            at("2026-06-01") + dt.timedelta(days=i),
        )
    dim = Dimension.objects.get(id="retention_zdr")
    Revision.objects.bulk_create(
        [
            Revision(
                holder="offering:azure-openai",
                dimension=dim,
                offering_id="azure-openai",
                before=None,
                after={"grade": "partial", "notes": f"bulk {i}"},
                kind="editorial",
                reason="bulk",
                published_at=at("2026-04-01") + dt.timedelta(minutes=i),
            )
            for i in range(300)
        ]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/offerings/azure-openai/?as_of=2026-05-02",
        "/changelog/",
        "/changelog/?offering=azure-openai&page=2",
        "/offerings/azure-openai/history/",
        "/",
        "/?as_of=2026-05-02",
        "/questions/soc2-type-2/?as_of=2026-05-02",
        "/compare/azure-openai-vs-openai-api/?as_of=2026-05-02",
        "/offerings/azure-openai/history/?from=2026-05-01&to=2026-05-03",
        "/changelog.atom",
        "/offerings/azure-openai/changelog.atom",
    ],
)
def test_history_pages_issue_a_constant_number_of_queries(
    client: Client, two_days: None, url: str, django_assert_num_queries
) -> None:
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(5)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_changelog_names_the_old_grade_once_and_the_new_grade_once(client: Client, two_days: None) -> None:
    entry = main_part(client.get("/changelog/?kind=vendor_changed").content)
    change = entry.split('class="entry-change"', 1)[1].split("</p>", 1)[0]
    assert change.count("Yes, sales-gated") == 1 and change.count("Yes, public") == 1
    assert change.index("Yes, sales-gated") < change.index("→") < change.index("Yes, public")


def test_the_changelog_and_feeds_show_display_names_never_login_names(client: Client, two_days: None) -> None:
    author = User.objects.create_user("edna.login", first_name="Edna Editor")
    reviewer = User.objects.create_user("rita.login")  # no display name set
    holder = Holder.parse("party:microsoft-azure")
    row = current_row(holder, "soc2_type2")
    record = records_for([row])[row.pk]
    cell_publish(actor=reviewer, holder=holder, dimension_id="soc2_type2",
                 record=replace(record, notes="Checked again."), kind="editorial", reason="Re-read the report",
                 author=author, reviewer=reviewer)
    assert Revision.objects.latest("id").author_name == "Edna Editor"
    for url in ("/changelog/", "/changelog.atom", "/offerings/azure-openai/history/",
                "/offerings/azure-openai/changelog.atom", f"/changelog/{Revision.objects.latest('id').pk}/"):
        page = client.get(url).content.decode()
        assert "Edna Editor" in page, url
        assert "edna.login" not in page and "rita.login" not in page, url
    assert "reviewed by a maintainer" in client.get("/changelog/").content.decode()

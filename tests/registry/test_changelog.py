"""The changelog's reads: which revisions an offering shows (two-level rule), pages, counts, phrases."""

from __future__ import annotations

from collections import Counter

import pytest

from trustreg.domain.history import ChangeSummary
from trustreg.registry import changelog
from trustreg.registry.changelog import Filters
from trustreg.registry.models import Offering, Revision


def test_a_revisions_feed_id_never_depends_on_the_sites_address():
    assert changelog.revision_guid(42) == "tag:trustregistry.example,2026:revision/42"


@pytest.mark.parametrize(("summary", "phrase"), [
    (ChangeSummary(None, "yes_public", status="added"), "recorded as Yes, public"),
    (ChangeSummary(None, None, status="added"), "scope note added"),
    (ChangeSummary("no", None, status="removed"), "removed (was No)"),
    (ChangeSummary(None, None, status="removed"), "scope note removed"),
    (ChangeSummary("no", "yes_public"), "No → Yes, public"),
    (ChangeSummary(None, "no"), "scope note → No"),
    (ChangeSummary("no", "no", fields=("override_reason", "notes")), "override reason, notes updated"),
    (ChangeSummary("no", "no"), "no visible change"),
])
def test_each_kind_of_change_reads_as_a_short_phrase(summary, phrase):
    assert changelog.change_phrase(summary) == phrase


def shown_by(o: Offering, r: Revision) -> bool:
    """The two-level rule written out: the offering's own cells, its platform's platform-level cells,
    its developer's developer-level cells."""
    level = r.dimension.level
    return (r.holder == f"offering:{o.id}"
            or (r.holder == f"party:{o.platform_id}" and level == "platform")
            or (r.holder == f"party:{o.developer_id}" and level == "developer"))


@pytest.mark.django_db
def test_an_offerings_changelog_holds_its_own_and_its_inherited_cells_changes_and_no_others(loaded):
    everything = list(Revision.objects.select_related("dimension"))
    for o in Offering.objects.filter(id__in=["azure-openai", "claude-vertex", "openai-api"]):
        got = set(changelog.revisions(Filters(offering=o)).values_list("pk", flat=True))
        want = {r.pk for r in everything if shown_by(o, r)}
        assert got == want and got
        assert any(r.holder.startswith("party:") for r in everything if r.pk in got)


@pytest.mark.django_db
def test_revisions_are_newest_first_and_filter_by_question_and_kind(loaded):
    rows = list(changelog.revisions())
    keys = [(r.published_at, r.pk) for r in rows]
    assert keys == sorted(keys, reverse=True)
    dim = rows[0].dimension_id
    assert {r.dimension_id for r in changelog.revisions(Filters(dimension=dim))} == {dim}
    kind = rows[0].kind
    by_kind = list(changelog.revisions(Filters(kind=kind)))
    assert by_kind and {r.kind for r in by_kind} == {kind}
    assert list(changelog.revisions(Filters(kind="no-such-kind"))) == []


@pytest.mark.django_db
def test_pages_walk_every_revision_once_in_order(loaded):
    o = Offering.objects.get(id="azure-openai")
    want = list(changelog.revisions(Filters(offering=o)).values_list("pk", flat=True))
    got, number = [], 1
    while True:
        page, entries = changelog.page_of(Filters(offering=o), number, 7)
        got += [e.revision.pk for e in entries]
        if not page.has_next():
            break
        number += 1
    assert got == want
    page, entries = changelog.page_of(Filters(offering=o), "not a number", 7)
    assert page.number == 1
    last, _ = changelog.page_of(Filters(offering=o), 10_000, 7)
    assert last.number == page.paginator.num_pages


@pytest.mark.django_db
def test_counts_by_question_agree_with_the_offerings_changelog(loaded):
    o = Offering.objects.get(id="azure-openai")
    want = Counter(changelog.revisions(Filters(offering=o)).values_list("dimension_id", flat=True))
    assert changelog.counts_by_dimension(o) == dict(want)

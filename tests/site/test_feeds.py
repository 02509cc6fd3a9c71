"""Atom feeds of the changelog: they parse, their entry ids never change, and text stays inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tests.history_helpers import at, bundled, load_at, publish_two_days, with_party_cell
from trustreg.registry.models import Revision

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def registry() -> None:
    publish_two_days()
    Revision.objects.filter(kind=Revision.Kind.VENDOR_CHANGED).update(credit="Jane <b>Doe</b>")


def feed(client: Client, url: str) -> ET.Element:
    r = client.get(url)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(r.content)


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def test_the_changelog_feed_parses_and_lists_the_newest_change_first(client: Client, registry: None) -> None:
    root = feed(client, "/changelog.atom")
    first = entries(root)[0]
    assert "Microsoft Azure" in first.findtext(f"{ATOM}title")
    assert (
        first.find(f"{ATOM}link")
        .get("href")
        .endswith(f"/changelog/{Revision.objects.get(kind='vendor_changed').pk}/")
    )
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "test"
    assert root.findtext(f"{ATOM}id") == "tag:trustregistry.example,2026:changelog"


def test_entry_ids_are_tag_uris_that_never_change(client: Client, registry: None) -> None:
    before = {
        e.findtext(f"{ATOM}id") for e in entries(feed(client, "/offerings/azure-openai/changelog.atom"))
    }
    assert all(i.startswith("tag:trustregistry.example,2026:revision/") for i in before)
    load_at(with_party_cell(bundled(), "microsoft-azure", "soc2_type2", notes="Later."), at("2026-05-09"))
    after = [e.findtext(f"{ATOM}id") for e in entries(feed(client, "/offerings/azure-openai/changelog.atom"))]
    assert before - set(after) == set() or len(after) == 50
    assert after[0] not in before


def test_markup_stays_inert_text_in_feeds(client: Client, registry: None) -> None:
    r = client.get("/changelog.atom")
    assert b"<script>" not in r.content
    summary = entries(ET.fromstring(r.content))[0].findtext(f"{ATOM}summary")
    # The summary is HTML: the markup from the notes, reason and credit is escaped inside it.
    assert "&lt;script&gt;alert(" in summary and "<script>" not in summary
    assert "Jane &lt;b&gt;Doe&lt;/b&gt;" in summary
    assert "Credit" in summary


def test_the_offering_feed_includes_inherited_party_changes_only_for_that_offering(
    client: Client, registry: None
) -> None:
    azure = [
        e.findtext(f"{ATOM}title") for e in entries(feed(client, "/offerings/azure-openai/changelog.atom"))
    ]
    vertex = [
        e.findtext(f"{ATOM}title") for e in entries(feed(client, "/offerings/gemini-vertex/changelog.atom"))
    ]
    assert any(t.startswith("Microsoft Azure: SOC 2") for t in azure)
    assert not any(t.startswith("Microsoft Azure") for t in vertex)


def test_the_question_feed_lists_only_that_question(client: Client, registry: None) -> None:
    titles = [
        e.findtext(f"{ATOM}title") for e in entries(feed(client, "/questions/soc2-type-2/changelog.atom"))
    ]
    assert titles and all(": SOC 2 Type II:" in t for t in titles)


@pytest.mark.parametrize("url", ["/offerings/nope/changelog.atom", "/questions/nope/changelog.atom"])
def test_a_feed_for_something_unknown_is_not_found(client: Client, registry: None, url: str) -> None:
    assert client.get(url).status_code == 404

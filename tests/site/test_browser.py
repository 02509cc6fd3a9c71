"""A buyer's path through the site in a real browser: index, filter, offering, compare."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import chromium, shot
from trustreg.registry.comparison import compare_view
from trustreg.registry.selectors import offering_view
from trustreg.registry.services import registry_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, bundled):
    registry_load(actor="test", bundle=bundled)
    return live_server.url


def test_a_buyer_filters_opens_an_offering_and_compares_two(site):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(site + "/")
        assert page.locator("table.registry tbody tr").count() == 18
        shot(page, "index")

        page.select_option("select[name=platform]", "google-cloud-vertex-ai")
        page.click("form.filters button[type=submit]")
        # a locator wait, not wait_for_function: the site's CSP (script-src 'self') forbids string eval
        expect(page.locator("table.registry tbody tr")).to_have_count(2)
        assert "platform=google-cloud-vertex-ai" in page.url
        assert page.locator("p.count").inner_text() == "Showing 2 of 18 offerings."
        shot(page, "index-filtered")

        page.click("text=Claude via Google Vertex AI")
        page.wait_for_url("**/offerings/claude-vertex/")
        assert page.locator("h1").inner_text() == "Claude via Google Vertex AI"
        watchouts = len(offering_view("claude-vertex").watchouts)
        assert watchouts >= 1  # the page must show some, or the count below proves nothing
        assert page.locator("#watchouts-h").inner_text() == f"Watch-outs {watchouts}"
        assert page.locator(".watchouts li").count() == watchouts
        shot(page, "offering-claude-vertex")

        page.click("text=Compare with another offering")
        page.fill("input[name=b]", "gemini-vertex")
        page.click("form.picker button[type=submit]")
        page.wait_for_url("**/compare/claude-vertex-vs-gemini-vertex/")
        differing = page.locator("table.compare tr.differs")
        expected = [d.label for d, _, differs in compare_view("claude-vertex", "gemini-vertex").rows if differs]
        assert "HIPAA BAA" in expected  # the developers' BAA overrides differ on the one shared platform
        assert differing.count() == len(expected)
        assert [differing.nth(i).locator("th a").inner_text() for i in range(len(expected))] == expected
        shot(page, "compare")


def test_the_azure_openai_page_reads_well_and_works_without_javascript(site):
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False, viewport={"width": 1300, "height": 900})
        page = context.new_page()
        page.goto(site + "/?developer=openai")
        assert page.locator("table.registry tbody tr").count() == 2
        page.goto(site + "/offerings/azure-openai/")
        assert page.locator(".watchouts li").count() == 2
        assert page.locator("section.group:not(.informational) article.cell-card").count() == 11
        assert page.locator(".annotation").first.inner_text().startswith("[human 2026-07-05] Dismissed:")
        shot(page, "offering-azure-openai")
        page.emulate_media(media="print")
        shot(page, "offering-azure-openai-print")




def test_printing_an_offering_shows_the_stamp_and_drops_the_correction_links(site):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(site + "/offerings/azure-openai/")
        assert not page.locator(".print-stamp").is_visible()
        assert page.locator(".correction-link").first.is_visible()
        page.emulate_media(media="print")
        assert page.locator(".print-stamp").is_visible()
        assert "Trust Registry as of " in page.locator(".print-stamp").inner_text()
        assert page.locator(".correction-link:visible").count() == 0
        assert not page.locator(".correction-invite").is_visible()

"""Public pages: what a buyer sees, escaped, without JavaScript, in a fixed number of queries."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


SEED_PHRASES = [
    # summary, watch-outs and their reasons
    'OpenAI GPT models served by Microsoft as "Models sold by Azure" within Microsoft Foundry',
    "Watch-outs 2",
    "The cells where this offering is not a clean public yes. This is what to check before you sign.",
    "Azure's SOC 2 Type II report is gated by Microsoft account and service agreement.",
    "Zero-data-retention requires Limited Access eligibility and manual approval.",
    # notes, two-level rule, annotation, caveat and canonicalisation
    "Two-level rule: this is Azure's (the serving platform's) SOC 2 Type 2 attestation, not OpenAI's.",
    "[human 2026-07-05] Dismissed: Azure OpenAI covered under broad Azure ISO 27001 cert; service-level scope "
    "lives in gated appendix.",
    "help.openai.com and openai.com returned HTTP 403 to automated fetching on 2026-07-05",
    "now canonicalizes to the Foundry responsible-ai path",
    "only Microsoft Q&A answers state it, so no retention_days fact is recorded",
    "Cell graded on OpenAI per the two-level rule; Microsoft's status recorded as corroborating platform posture.",
    # qualifiers and facts
    "tier: self_serve · route: trust_center_nda · default: enabled ·",
    "tier: enterprise_only · route: sales_contract · default: requires_approval ·",
    "geography: EU available (EU Data Boundary; DataZone EU deployments)",
    "report_cadence semi-annual (audit periods end 31-Mar and 30-Sep, rolling 12-month window)",
    "standard_version ISO/IEC 27001:2022",
    "in_scope_service_name Microsoft Foundry",
    "mechanism BAA incorporated by default via Microsoft Product Terms + DPA",
    "scc_mechanism EU Standard Contractual Clauses made available via the DPA",
    "not_available_to_openai True",
    "zdr_equivalent modified abuse monitoring (approved customers) - no storage, no human review",
    "datazone_eu processing confined to EU member states",
    "platform_signatory Microsoft (full code)",
    "developer_signatory OpenAI (full code)",
    "verified 2026-07-05",
    "Spotted an error? Submit a correction with evidence",
]


def test_the_azure_openai_page_shows_every_seed_fact(client, loaded):
    page = text_of(client.get("/offerings/azure-openai/"))
    missing = [p for p in SEED_PHRASES if p not in page]
    assert missing == []


def test_the_azure_openai_page_lists_exactly_the_two_seed_watchouts(client, loaded):
    html = client.get("/offerings/azure-openai/").content.decode()
    section = html.split('id="watchouts-h"')[1].split("</section>")[0]
    items = [" ".join(unescape(re.sub(r"<[^>]+>", " ", li)).split()) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert len(items) == 2
    assert items[0].startswith("SOC 2 Type II") and items[1].startswith("Retention / ZDR")
    assert all("Yes, sales-gated" in i for i in items)


def test_the_offering_page_says_where_each_inherited_cell_comes_from(client, loaded):
    page = text_of(client.get("/offerings/azure-openai/"))
    assert "Recorded once for Microsoft Azure, the serving platform (two-level rule)" in page
    assert "Recorded once for OpenAI, the model developer (two-level rule)" in page


def test_secondary_only_cells_say_a_primary_source_is_still_needed(client, loaded):
    page = text_of(client.get("/offerings/mistral-la-plateforme/"))
    assert "Only secondary evidence: a primary source is still needed" in page


def test_not_reviewed_cells_are_never_shown_as_a_grade(client, loaded):
    # Every cell of the public offerings is reviewed now (issue 11); as first published, 8 were not.
    page = text_of(client.get("/offerings/anthropic-api/?as_of=2026-07-05"))
    assert "Not reviewed yet (8)" in page
    assert "Watch-outs 2" in page  # retention on the offering, Art. 53 inherited from Anthropic


def test_the_index_shows_every_offering_with_its_watchout_count(client, loaded):
    response = client.get("/")
    page = text_of(response)
    for name in ["OpenAI API", "Azure OpenAI Service", "Gemini via Vertex AI", "Claude via Google Vertex AI",
                 "Mistral La Plateforme", "Anthropic API"]:
        assert name in page
    row = re.search(r'href="/offerings/azure-openai/".*?</tr>', response.content.decode(), re.S).group(0)
    assert re.search(r'class="num">2<', row)


def test_the_index_filters_without_javascript(client, loaded):
    page = text_of(client.get("/", {"grade": "partial", "dimension": "hipaa_baa"}))
    assert "Showing 1 of 18 offerings." in page and "Claude via Google Vertex AI" in page
    assert "Showing 0 of 18" in text_of(client.get("/", {"developer": "nobody"}))


def test_the_question_page_shows_one_dimension_across_all_offerings(client, loaded):
    page = text_of(client.get("/questions/hipaa-baa/"))
    assert "Will they sign a HIPAA Business Associate Agreement covering this offering?" in page
    assert "Anthropic model, served by Google Cloud Vertex AI" in page
    assert "first-party API" in page
    assert page.count("full cell") == 18


def test_the_compare_page_puts_two_offerings_side_by_side(client, loaded):
    page = text_of(client.get("/compare/azure-openai-vs-openai-api/"))
    assert "Azure OpenAI Service vs OpenAI API" in page
    assert "grades differ" in page


def test_comparing_an_offering_with_itself_answers_the_picker_with_a_clear_400(client, loaded):
    response = client.get("/compare/azure-openai-vs-azure-openai/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose two to four different offerings to compare." in page and "given twice" in page
    assert 'name="a"' in page and 'name="b"' in page  # the picker, to choose again


def test_the_compare_picker_redirects_to_the_pair(client, loaded):
    response = client.get("/compare/", {"a": "azure-openai", "b": "claude-vertex"})
    assert response.status_code == 302 and response["Location"] == "/compare/azure-openai-vs-claude-vertex/"
    assert client.get("/compare/", {"a": "azure-openai"}).status_code == 200
    assert client.get("/compare/", {"a": "azure-openai", "b": ""}).status_code == 400
    assert client.get("/compare/", {"a": "azure-openai", "b": "azure-openai"}).status_code == 400


def test_the_methodology_is_generated_from_the_catalogue(client, loaded):
    page = text_of(client.get("/methodology/"))
    assert "The two-level rule" in page and "The source rule" in page
    assert "Could not be verified from public sources" in page
    assert "Art. 53 summary" in page and "180 days" in page


@pytest.mark.parametrize(("path", "says"), [
    ("/offerings/nope/", "There is no offering with the id “nope”."),
    ("/questions/nope/", "There is no question with the slug “nope”."),
    ("/compare/nope-vs-azure-openai/", "No offering 'nope'."),
    ("/compare/nonsense/", "does not name two to four offerings"),
    ("/no/such/page/", "There is nothing at"),
])
def test_unknown_ids_answer_404_with_a_helpful_page(client, loaded, path, says):
    response = client.get(path)
    assert response.status_code == 404
    page = text_of(response)
    assert says in page and "Find an offering" in page and "HIPAA BAA" in page


def test_data_json_is_the_public_layout(client, built):
    document = json.loads(client.get("/data.json").getvalue())  # the bulk file, streamed
    assert set(document) >= {"name", "generated", "license", "disclaimer", "dimensions", "offerings"}
    assert len(document["offerings"]) == 18


def test_source_text_is_escaped_on_every_page(client, loaded):
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    azure = next(o for o in loaded.offerings if o.id == "azure-openai")
    bad = CellRecord(grade="partial", summary=evil, notes=evil, geography=evil, caveat=evil,
                     facts={"datazone_eu": evil}, override_reason="")
    bundle = replace(loaded, offerings=tuple(
        replace(o, name=evil, summary=evil, cells={**o.cells, "data_residency": bad}) if o is azure else o
        for o in loaded.offerings))
    registry_load(actor="test", bundle=bundle)
    for path in ["/", "/offerings/azure-openai/", "/questions/data-residency/",
                 "/compare/azure-openai-vs-openai-api/"]:
        html = client.get(path).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html
        assert "&amp;lt;script" not in html  # escaped once, not twice


def test_pages_send_security_headers(client, loaded):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/offerings/azure-openai/", "/questions/hipaa-baa/",
                                  "/compare/azure-openai-vs-openai-api/"])
def test_page_query_counts_do_not_grow_with_the_registry(client, loaded, path):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    grown = replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=50 + i) for i in range(30)))
    registry_load(actor="test", bundle=grown)
    assert count() == small
    assert small <= 13  # a render; one of them reads the page cache's generation (tests/pagecache)


def test_long_lists_are_paged_and_filters_survive_paging(client, loaded):
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    grown = replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}", sort_order=50 + i) for i in range(120)))
    registry_load(actor="test", bundle=grown)
    first = client.get("/", {"developer": "openai"}).content.decode()
    assert first.count('<th scope="row">') == 100
    assert "page 1 of 2" in first and 'href="?developer=openai&amp;page=2"' in first
    second = client.get("/", {"developer": "openai", "page": 2}).content.decode()
    assert second.count('<th scope="row">') == 22  # 120 copies + the two OpenAI offerings, less 100
    question = client.get("/questions/hipaa-baa/", {"page": 3}).content.decode()
    assert "page 3 of 3" in question


def test_a_printed_offering_is_stamped_with_its_registry_date_and_an_absolute_permalink(client, loaded):
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date().isoformat()
    html = client.get("/offerings/azure-openai/").content.decode()
    stamp = html.split('class="print-stamp print-only"', 1)[1].split("</div>", 1)[0]
    assert f"Trust Registry as of {today}, printed {today} " in stamp
    assert f"http://testserver/offerings/azure-openai/?as_of={today}" in stamp
    # The links a printed page spells out are absolute.
    assert re.search(r'<a href="http://testserver/sources/[\w-]+/">kept copies</a>', html)


def test_a_printed_past_state_is_stamped_with_that_date(client, loaded):
    html = client.get("/offerings/azure-openai/?as_of=2026-07-05").content.decode()
    stamp = html.split('class="print-stamp print-only"', 1)[1].split("</div>", 1)[0]
    assert "Trust Registry as of 2026-07-05, printed " in stamp
    assert "http://testserver/offerings/azure-openai/?as_of=2026-07-05" in stamp


def soc2_text(client) -> str:
    html = client.get("/offerings/azure-openai/").content.decode()
    return text_of_html(html.split('id="soc2_type2"', 1)[1].split("</article>", 1)[0])


def text_of_html(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_soc2_notes_read_in_the_seeds_order(client, loaded):
    text = soc2_text(client)
    two_level = text.index("Two-level rule: this is Azure's (the serving platform's) SOC 2 Type 2 attestation")
    documented = text.index("Microsoft publicly documents the Azure SOC 2 Type 2 attestation")
    scope = text.index("Service-level confirmation that Azure OpenAI / Microsoft Foundry is in audit scope")
    assert two_level < documented < scope
    assert "{inherited}" not in client.get("/offerings/azure-openai/").content.decode()


def test_data_json_keeps_the_seeds_order_of_the_soc2_notes(client, built):
    doc = json.loads(client.get("/data.json").getvalue())
    azure = next(o for o in doc["offerings"] if o["id"] == "azure-openai")
    assert azure["dimensions"]["soc2_type2"]["notes"].startswith(
        "Two-level rule: this is Azure's (the serving platform's) SOC 2 Type 2 attestation, not OpenAI's. "
        "Microsoft publicly documents")


@pytest.mark.parametrize("url", ["/offerings/azure-openai/", "/questions/soc2-type-2/"])
def test_no_confidence_is_printed_where_none_is_recorded(client, loaded, url):
    html = client.get(url).content.decode()
    assert "not recorded" not in html.replace("no retention_days fact is recorded", "")
    assert "confidence: medium" in client.get("/offerings/azure-openai/").content.decode()  # Art. 53


def test_the_compare_page_puts_up_to_four_offerings_side_by_side(client, loaded):
    ids = ["azure-openai", "openai-api", "anthropic-api", "claude-vertex"]
    response = client.get(f"/compare/{'-vs-'.join(ids)}/")
    assert response.status_code == 200
    body = response.content.decode()
    for oid in ids:
        assert f'href="/offerings/{oid}/#soc2_type2"' in body
    assert f'href="/compare/{"-vs-".join(reversed(ids))}/"' in body
    five = "-vs-".join([*ids, "gemini-vertex"])
    assert client.get(f"/compare/{five}/").status_code == 404
    picked = client.get("/compare/", {"a": "azure-openai", "b": "openai-api", "c": "anthropic-api", "d": ""})
    assert picked.status_code == 302 and picked["Location"] == "/compare/azure-openai-vs-openai-api-vs-anthropic-api/"


def test_the_compare_picker_searches_and_pages_instead_of_listing_every_offering(client, loaded):
    from trustreg.site.views import PICKER_PAGE_SIZE

    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    grown = replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}", sort_order=50 + i) for i in range(60)))
    registry_load(actor="test", bundle=grown)
    first = client.get("/compare/", {"a": "azure-openai"}).content.decode()
    assert first.count("<li><strong>") == PICKER_PAGE_SIZE < len(grown.offerings)
    found = client.get("/compare/", {"a": "azure-openai", "q": "Copy 05", "add": "1"}).content.decode()
    assert found.count("<li><strong>") == 10 and "Copy 059" in found and "Claude" not in found.split("picker-results")[1]
    # "Add" fills the next empty field without leaving the picker; "Compare" then goes to the page
    assert 'href="?a=azure-openai&amp;q=Copy+05&amp;add=1&amp;b=copy-050"' in found
    added = client.get("/compare/", {"a": "azure-openai", "b": "copy-050", "add": "1"})
    assert added.status_code == 200 and 'value="copy-050"' in added.content.decode()
    unknown = client.get("/compare/", {"a": "azure-openai", "b": "no-such-offering"})
    assert unknown.status_code == 400 and "No offering with the id “no-such-offering”" in unknown.content.decode()


def test_the_404_page_offers_a_search_and_the_questions_but_lists_no_offering(client, loaded):
    page = client.get("/offerings/nope/").content.decode()
    offerings = page.split("<h2>Offerings</h2>")[1].split("</div>")[0]
    assert 'action="/"' in offerings and 'name="q"' in offerings and 'href="/compare/"' in offerings
    assert "Azure OpenAI Service" not in page and "/offerings/azure-openai/" not in page
    assert 'href="/questions/hipaa-baa/"' in page  # the catalogue: a fixed list, whatever the registry
    found = text_of(client.get("/", {"q": "Azure OpenAI"}))  # where the search goes
    assert "Azure OpenAI Service" in found


def _grown_by(loaded, n: int):
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    return replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}", sort_order=50 + i) for i in range(n)))


def test_the_compare_picker_pages_by_next_and_previous_links_without_counting(client, loaded):
    from trustreg.site.views import PICKER_PAGE_SIZE

    grown = _grown_by(loaded, 60)
    registry_load(actor="test", bundle=grown)
    first = client.get("/compare/", {"a": "azure-openai"})
    html = first.content.decode()
    assert f"Offerings in registry order, 1–{PICKER_PAGE_SIZE}." in text_of(first)
    assert 'href="?a=azure-openai&amp;page=2" rel="next"' in html and 'rel="prev"' not in html
    second = client.get("/compare/", {"a": "azure-openai", "page": "2"})
    rest = len(grown.offerings) - PICKER_PAGE_SIZE
    assert second.content.decode().count("<li><strong>") == rest
    assert f"{PICKER_PAGE_SIZE + 1}–{len(grown.offerings)}." in text_of(second)
    assert 'rel="next"' not in second.content.decode() and 'href="?a=azure-openai&amp;page=1"' in second.content.decode()
    for junk in ("0", "-3", "x", "9" * 5000):  # bounded: a bad page number is the first page
        assert client.get("/compare/", {"page": junk}).content.decode().count("<li><strong>") == PICKER_PAGE_SIZE
    past = text_of(client.get("/compare/", {"page": "99"}))
    assert "No more offerings." in past
    assert "No offering matches “zzz-nothing”." in text_of(client.get("/compare/", {"q": "zzz-nothing"}))


@pytest.mark.parametrize(("path", "status", "queries"), [
    ("/compare/", 200, 2),  # the page cache's generation and one window of offerings (no COUNT)
    ("/compare/?q=Copy&page=2", 200, 2),
    ("/offerings/nope/", 404, 4),  # the offering asked for, the generation and the catalogue (two)
    ("/no/such/page/", 404, 2),
])
def test_the_picker_and_the_404_page_run_pinned_queries_whatever_the_registry_size(
        client, loaded, path, status, queries):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == status
        return [q["sql"] for q in ctx.captured_queries]

    assert len(count()) == queries
    registry_load(actor="test", bundle=_grown_by(loaded, 120))
    sqls = count()
    assert len(sqls) == queries
    assert not any("COUNT(" in sql for sql in sqls)


def test_the_offering_page_reads_no_quote_check_log_and_only_its_own_quotes_dates(client, loaded):
    import datetime as dt

    from django.utils import timezone

    from trustreg.evidence.models import Citation, QuoteCheck, Snapshot
    from trustreg.evidence.services import quote_checks_record

    def page():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/offerings/azure-openai/").content.decode()
        return html, [q["sql"] for q in ctx.captured_queries]

    html, before = page()
    cited = list(Citation.objects.exclude(quote="").exclude(snapshot=None))
    snaps = Snapshot.objects.in_bulk({c.snapshot_id for c in cited})
    now = timezone.now()
    for day in range(30, 0, -1):  # a month of daily monitor passes over every cited quote
        quote_checks_record(checks=[(c.pk, snaps[c.snapshot_id], True) for c in cited],
                            now=now - dt.timedelta(days=day))
    assert QuoteCheck.objects.count() >= 30 * len(cited) > 0
    html, after = page()
    assert len(after) == len(before)
    assert not any("quotecheck" in sql for sql in after)
    assert not any("MAX(" in sql for sql in after)  # nothing grouped over the citations sharing a quote
    dates = [sql for sql in after if "evidence_quotedates" in sql]
    # one read of the page's own (source, quote) pairs' dates (kept once per source and quote) serves
    # both the evidence marks and the monitor dates
    assert len(dates) == 1 and 'WITH "asked" ("source_id", "quote_hash") AS (VALUES' in dates[0]
    assert "quote found" in html


def test_the_offering_page_runs_a_pinned_number_of_queries(client, loaded):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/offerings/azure-openai/").status_code == 200
    # the generation (page cache), the offering, the catalogue (two), its cells, their citations and
    # annotations, the cited sources with their last fetch, and the quotes' kept dates
    assert len(ctx.captured_queries) == 9

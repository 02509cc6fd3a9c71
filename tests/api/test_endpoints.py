"""The API's documents: what they carry, against the bundled data and the pages' selectors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trustreg.buyers import profiles
from trustreg.buyers import selectors as fit_selectors
from trustreg.domain.catalogue import Level
from trustreg.domain.fieldtypes import replace
from trustreg.registry import comparison, index, selectors
from trustreg.registry.services import registry_load


def _get(client, path, **params):  # noqa: ANN001
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_azure_openai_carries_every_fact_of_its_file_and_of_the_parties_it_inherits_from(client, loaded):
    doc = _get(client, "/api/v1/offerings/azure-openai")
    cells = {c["question"]: c for c in doc["cells"] + doc["informational_cells"]}
    azure = next(o for o in loaded.offerings if o.id == "azure-openai")
    parties = {p.id: p for p in loaded.parties}
    facts = kept = 0
    for d in loaded.catalogue.all_dimensions:
        party = parties[azure.platform if d.level is Level.PLATFORM else azure.developer]
        own = azure.cells.get(d.id)
        record = own or party.cells.get(d.id)
        if d.id not in cells:  # an informational question is shown only when graded
            assert d in loaded.catalogue.informational and (record is None or record.grade == "not_reviewed")
            continue
        expected = dict(record.facts) if record else {}
        sources = record.sources if record else ()
        if own is None and d.id in azure.scopes:
            expected.update(azure.scopes[d.id].facts)
            sources += azure.scopes[d.id].sources
        assert expected.items() <= cells[d.id]["facts"].items(), d.id
        facts += len(expected)
        got = [(c["url"], c["quote"], c["primary"], c["role"], c["kind"]) for c in cells[d.id]["citations"]]
        assert got == [(s.url, s.quote, s.primary, s.role, s.kind) for s in sources], d.id
        for s, c in zip(sources, cells[d.id]["citations"], strict=True):
            assert (c["kept_copy"] or {}).get("id") == s.copy
            if s.copy:
                copy = next(k for k in loaded.copies if k.id == s.copy)
                assert c["kept_copy"]["sha256"] == copy.sha256 and c["kept_copy"]["retrieved"] == copy.retrieved.isoformat()
                kept += 1
    assert facts > 10  # the file does record facts: the test compares something
    assert kept > 0 and kept == sum(1 for d in loaded.catalogue.all_dimensions for s in _sources(loaded, azure, d) if s.copy)


def _sources(bundle, offering, d):  # noqa: ANN001, ANN202
    party = next(p for p in bundle.parties if p.id == (offering.platform if d.level is Level.PLATFORM else offering.developer))
    record = offering.cells.get(d.id) or party.cells.get(d.id)
    scope = offering.scopes.get(d.id) if d.id not in offering.cells else None
    return (record.sources if record else ()) + (scope.sources if scope else ())


def test_the_offering_document_reads_its_quotes_dates_once_as_the_offering_page_does(client, loaded):
    view = selectors.offering_view("azure-openai", with_monitor=True)
    with CaptureQueriesContext(connection) as ctx:
        doc = _get(client, "/api/v1/offerings/azure-openai")
    dates = [q["sql"] for q in ctx.captured_queries if "evidence_quotedates" in q["sql"]]
    # one read of the page's own (source, quote) pairs' dates serves the citations' dates and the
    # evidence marks, as on the page (evidence.selectors: the pairs asked, joined on the unique index)
    assert len(dates) == 1 and 'WITH "asked" ("source_id", "quote_hash")' in dates[0]
    assert not any("evidence_citation" in q["sql"] and "MAX(" in q["sql"] for q in ctx.captured_queries)
    for cell, out in zip(view.cells + view.info_cells, doc["cells"] + doc["informational_cells"], strict=True):
        assert out["evidence_strength"] == view.strengths[cell.dimension.id].strength.value
        for s, cited in zip(cell.sources, out["citations"], strict=True):
            dates = view.monitor.get((s.url, s.quote))
            assert (cited["quote_last_checked"] is None) == (dates is None or dates.quote_last_checked is None)


def test_a_cell_says_who_records_it_and_why_an_offering_overrides_its_party(client, loaded):
    view = selectors.offering_view("azure-openai")
    doc = _get(client, "/api/v1/offerings/azure-openai")
    for cell, out in zip(view.cells, doc["cells"], strict=True):
        assert out["grade"] == cell.grade and out["label"] == cell.label
        assert out["origin"]["kind"] == cell.origin.value
        assert out["origin"]["graded_party"]["id"] == cell.graded_party_id
        assert out["verified"] == (cell.record.verified.isoformat() if cell.record and cell.record.verified else None)
        if cell.origin.value == "party":
            assert out["origin"]["recorded_by"] == {"kind": "party", "id": cell.graded_party_id,
                                                    "name": view.party_name(cell.graded_party_id)}
        if cell.origin.value == "override":
            assert out["origin"]["override_reason"] == cell.record.override_reason != ""


def test_every_document_says_its_schema_version_and_when_it_was_made(client, loaded):
    for path in ["/api/v1/offerings", "/api/v1/offerings/azure-openai", "/api/v1/questions", "/api/v1/parties",
                 "/api/v1/questions/hipaa-baa", "/api/v1/changes", "/api/v1/offerings/azure-openai/history",
                 "/api/v1/compare?ids=azure-openai,openai-api", "/api/v1/fit?preset=zero-retention",
                 "/api/v1/health"]:
        doc = client.get(path).json()
        assert doc["schema_version"] == "1.1" and doc["generated_at"], path


def test_offerings_filter_like_the_index_and_page_by_cursor(client, loaded):
    everything = _get(client, "/api/v1/offerings")
    assert [o["id"] for o in everything["items"]] == [r.offering.id for r in index.index_view().rows]
    seen, cursor = [], None
    while True:
        page = _get(client, "/api/v1/offerings", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [o["id"] for o in everything["items"]]
    by_platform = _get(client, "/api/v1/offerings", platform="microsoft-azure")
    assert [o["id"] for o in by_platform["items"]] == [
        r.offering.id for r in index.index_view().rows if r.offering.platform_id == "microsoft-azure"]
    assert "azure-openai" in [o["id"] for o in by_platform["items"]]
    graded = _get(client, "/api/v1/offerings", question="hipaa_baa", grade="yes_public")
    filters = index.IndexFilters(conditions=(index.Condition("hipaa_baa", "yes_public"),))
    assert [o["id"] for o in graded["items"]] == [r.offering.id for r in index.index_view(filters).rows]


@pytest.mark.parametrize("strength", ["primary_quoted", "secondary", "expired"])
def test_the_strength_filter_keeps_offerings_with_a_cell_of_that_strength(client, loaded, strength):
    kept = {o["id"] for o in _get(client, "/api/v1/offerings", strength=strength)["items"]}
    for o in _get(client, "/api/v1/offerings")["items"]:
        cells = _get(client, f"/api/v1/offerings/{o['id']}")["cells"]
        assert (strength in {c["evidence_strength"] for c in cells}) == (o["id"] in kept)
        assert [g["evidence_strength"] for g in o["grades"]] == [c["evidence_strength"] for c in cells]
    view = selectors.offering_view("azure-openai")
    cells = _get(client, "/api/v1/offerings/azure-openai")["cells"]
    assert [c["evidence_strength"] for c in cells] == [view.strengths[c.dimension.id].strength.value for c in view.cells]


def test_bad_parameters_answer_400_naming_the_parameter(client, loaded):
    assert "as_of" in client.get("/api/v1/offerings", {"as_of": "2026-02-30"}).json()["detail"]
    assert "cursor" in client.get("/api/v1/offerings", {"cursor": "nonsense"}).json()["detail"]
    assert client.get("/api/v1/compare", {"ids": "azure-openai"}).status_code == 400
    assert client.get("/api/v1/compare", {"ids": "a,b,c,d,e"}).status_code == 400
    assert "preset" in client.get("/api/v1/fit").json()["detail"]
    assert client.get("/api/v1/offerings/nope").status_code == 404


def test_compare_puts_two_to_four_offerings_side_by_side(client, loaded):
    doc = _get(client, "/api/v1/compare", ids="azure-openai,openai-api,anthropic-api")
    assert [o["id"] for o in doc["offerings"]] == ["azure-openai", "openai-api", "anthropic-api"]
    view = comparison.compare_view("azure-openai", "openai-api")
    for (d, cells, _), row in zip(view.rows, doc["rows"], strict=True):
        assert row["question"] == d.id
        assert [c["grade"] for c in row["cells"][:2]] == [c.grade for _, c, _ in cells]


def test_as_of_before_the_registry_began_finds_no_offering(client, loaded):
    assert client.get("/api/v1/offerings/azure-openai", {"as_of": "2020-01-01"}).status_code == 404
    assert _get(client, "/api/v1/offerings", as_of="2020-01-01")["items"] == []
    assert _get(client, "/api/v1/offerings", as_of="2020-01-01")["as_of"] == "2020-01-01"


def test_changes_page_by_a_cursor_that_later_calls_resume_from(client, loaded):
    everything, cursor = [], None
    while True:  # the whole changelog, a page of 200 at a time
        page = _get(client, "/api/v1/changes", limit=200, **({"cursor": cursor} if cursor else {}))
        everything += page["items"]
        if (cursor := page["next_cursor"]) is None:
            break
    assert everything and [c["id"] for c in everything] == sorted(c["id"] for c in everything)
    first = _get(client, "/api/v1/changes", limit=5)
    rest, cursor = list(first["items"]), first["next_cursor"]
    while cursor is not None:
        page = _get(client, "/api/v1/changes", limit=200, cursor=cursor)
        rest, cursor = rest + page["items"], page["next_cursor"]
    assert [c["id"] for c in rest] == [c["id"] for c in everything]
    last_day = everything[-1]["published_at"][:10]
    since = _get(client, "/api/v1/changes", since=last_day, limit=200)["items"]
    assert since and all(c["published_at"][:10] >= last_day for c in since)


def test_an_offerings_history_is_its_changelog(client, loaded):
    doc = _get(client, "/api/v1/offerings/azure-openai/history", limit=200)
    from trustreg.registry import changelog
    o = selectors.offering_view("azure-openai").offering
    assert [c["id"] for c in doc["items"]] == list(
        changelog.revisions(changelog.Filters(offering=o)).values_list("id", flat=True))


def test_fit_answers_what_the_fit_page_does(client, loaded):
    doc = _get(client, "/api/v1/fit", preset="zero-retention")
    cat = selectors.catalogue()
    view = fit_selectors.fit_view(profiles.preset("zero-retention", cat))
    assert [(r["offering"]["id"], r["verdict"]) for r in doc["items"]] == [
        (r.offering.id, r.verdict.value) for r in view.rows]
    assert all(r["requirements"] for r in doc["items"])
    by_fields = _get(client, "/api/v1/fit", r_retention_zdr="any", max_days="30")
    assert by_fields["profile"]["requirements"][0]["question"] == "retention_zdr"


@pytest.mark.parametrize("path", [
    "/api/v1/offerings", "/api/v1/offerings/azure-openai", "/api/v1/questions/hipaa-baa",
    "/api/v1/compare?ids=azure-openai,openai-api", "/api/v1/offerings?strength=secondary",
    "/api/v1/offerings/azure-openai/history", "/api/v1/changes", "/api/v1/fit?preset=zero-retention",
    "/api/v1/parties",
])
def test_query_counts_are_pinned_and_do_not_grow_with_the_registry(client, loaded, path):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=50 + i) for i in range(30))))
    assert count() == small
    assert small <= 24


def test_parties_page_by_cursor_and_name_the_offerings_each_develops_and_serves(client, loaded):
    everything = _get(client, "/api/v1/parties", limit=200)
    assert everything["total"] == everything["count"] == len(loaded.parties) and everything["next_cursor"] is None
    seen, cursor = [], None
    while True:
        page = _get(client, "/api/v1/parties", limit=3, **({"cursor": cursor} if cursor else {}))
        assert page["count"] == len(page["items"]) <= 3
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything["items"]
    listed = {o.id: o for o in loaded.offerings}
    for p in seen:
        assert p["develops"] == [o.id for o in sorted(listed.values(), key=lambda o: (o.sort_order, o.id))
                                 if o.developer == p["id"]]
        assert set(p["serves"]) == {o.id for o in listed.values() if o.platform == p["id"]}


def test_fit_pages_by_cursor_best_first_with_the_counts_over_every_offering(client, loaded):
    whole = _get(client, "/api/v1/fit", r_retention_zdr="any", max_days="30", limit=200)
    assert whole["total"] == whole["count"] == len(loaded.offerings) and whole["next_cursor"] is None
    assert sum(whole["counts"].values()) == whole["total"]
    seen, cursor = [], None
    while True:
        page = _get(client, "/api/v1/fit", r_retention_zdr="any", max_days="30", limit=5,
                    **({"cursor": cursor} if cursor else {}))
        assert page["count"] == len(page["items"]) <= 5 and page["counts"] == whole["counts"]
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole["items"]


@pytest.mark.parametrize("name", ["offering", "question", "kind"])
def test_a_nul_in_a_changes_filter_is_refused_naming_it(client, loaded, name):
    response = client.get("/api/v1/changes", {name: "a\x00b"})
    assert response.status_code == 400 and response.json()["detail"].startswith(f"{name}:")


def _next_cursor(client, path, **params):  # noqa: ANN001, ANN202
    cursor = _get(client, path, limit=1, **params)["next_cursor"]
    assert cursor, (path, params)
    return cursor


@pytest.mark.parametrize(("path", "given", "replayed"), [
    ("/api/v1/offerings", {}, {"platform": "microsoft-azure"}),
    ("/api/v1/offerings", {"platform": "microsoft-azure"}, {}),
    ("/api/v1/offerings", {"question": "hipaa_baa", "grade": "yes_public"}, {"question": "hipaa_baa", "grade": "no"}),
    ("/api/v1/offerings", {}, {"as_of": "2026-07-31"}),
    ("/api/v1/questions/hipaa-baa", {}, {"as_of": "2026-07-31"}),
    ("/api/v1/fit", {"preset": "zero-retention"}, {"r_hipaa_baa": "any"}),
    ("/api/v1/changes", {"question": "hipaa_baa"}, {"question": "soc2_type2"}),
    ("/api/v1/offerings/azure-openai/history", {}, {"as_of": "2026-07-31"}),
])
def test_a_cursor_replayed_against_another_listing_answers_400_naming_it(client, loaded, path, given, replayed):
    cursor = _next_cursor(client, path, **given)
    assert client.get(path, {**given, "cursor": cursor}).status_code == 200
    refused = client.get(path, {**replayed, "cursor": cursor})
    assert refused.status_code == 400, refused.content[:300]
    assert refused.json()["detail"].startswith("cursor: ") and "another listing" in refused.json()["detail"]


def test_a_cursor_of_one_endpoint_is_refused_by_another(client, loaded):
    parties = _next_cursor(client, "/api/v1/parties")
    for path in ["/api/v1/offerings", "/api/v1/questions/hipaa-baa", "/api/v1/fit?preset=zero-retention",
                 "/api/v1/offerings/azure-openai/history", "/api/v1/changes"]:
        refused = client.get(path, {"cursor": parties}) if "?" not in path else client.get(f"{path}&cursor={parties}")
        assert refused.status_code == 400 and refused.json()["detail"].startswith("cursor: "), path


def test_a_cursor_of_another_history_is_refused(client, loaded):
    cursor = _next_cursor(client, "/api/v1/offerings/azure-openai/history")
    assert client.get("/api/v1/offerings/openai-api/history", {"cursor": cursor}).status_code == 400


@pytest.mark.parametrize("cursor", ["nonsense", "b2Zmc2V0OjI", "=", "%00", "\x00", "é" * 20, "AAAA", "b2Zmc2V0Oi0x"])
def test_a_malformed_cursor_answers_400_naming_it(client, loaded, cursor):
    for path in ["/api/v1/offerings", "/api/v1/parties", "/api/v1/changes", "/api/v1/questions/hipaa-baa"]:
        refused = client.get(path, {"cursor": cursor})
        assert refused.status_code == 400 and refused.json()["detail"].startswith("cursor: "), (path, cursor)


def test_changes_since_the_first_day_of_the_calendar_lists_every_change(client, loaded):
    from trustreg.registry.models import Revision

    doc = _get(client, "/api/v1/changes", since="0001-01-01", limit=200)
    assert doc["count"] == min(200, Revision.objects.count()) and doc["count"] > 0

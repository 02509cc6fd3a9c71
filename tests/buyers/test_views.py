"""The fit page and allow-list: a shareable URL, no JavaScript needed, hostile input refused."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_fit_page_offers_the_presets_and_a_form_that_works_without_javascript(client, loaded):
    response = client.get("/fit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<form method="get" action="/fit/">' in body
    for preset in ("phi-hipaa", "eu-personal-data", "zero-retention", "no-training", "eu-ai-act-ready",
                   "phi-eu-zero-retention"):
        assert f"?preset={preset}" in body
    assert 'name="r_hipaa_baa"' in body and 'name="max_days"' in body and 'name="eu"' in body


def test_a_preset_url_answers_the_buyers_question_for_every_offering(client, loaded):
    text = text_of(client.get("/fit/?preset=phi-eu-zero-retention"))
    assert "PHI in the EU with zero retention" in text
    for o in loaded.offerings:
        assert o.name in text
    assert "Unknown" in text
    assert "never counts as a pass" in text


def test_a_custom_profile_is_the_query_string_and_its_permalink_repeats_it(client, loaded):
    url = "/fit/?r_data_residency=any&eu=1&r_retention_zdr=any&max_days=30"
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response)
    assert "Processing can be confined to the EU" in text
    assert "Zero retention, or retention of at most 30 days" in text
    assert 'href="?r_data_residency=any&amp;eu=1&amp;r_retention_zdr=any&amp;max_days=30"' in response.content.decode()
    assert "Configure it yourself: deploy the model as a DataZone EU deployment" in text


@pytest.mark.parametrize("query, field", [
    ("r_hipaa_baa=maybe", "r_hipaa_baa"),
    ("r_retention_zdr=any&max_days=-5", "max_days"),
    ("r_retention_zdr=any&max_days=99999999999999999999", "max_days"),
    ("r_retention_zdr=any&max_days=%C2%B2", "max_days"),  # "²": isdigit() but not a number int() reads
    ("preset=%3Cscript%3Ealert(1)%3C/script%3E", "preset"),
])
def test_a_profile_that_cannot_be_read_is_a_400_naming_the_field(client, loaded, query, field):
    response = client.get(f"/fit/?{query}")
    assert response.status_code == 400
    assert field in text_of(response)
    assert "<script>alert(1)" not in response.content.decode()


def test_the_allow_list_is_json_for_a_gateway(client, loaded):
    response = client.get("/fit/allow-list.json?preset=no-training")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    doc = json.loads(response.content)
    assert doc["profile"]["id"] == "no-training"
    assert {e["offering"] for e in doc["allow"] + doc["deny"]} == {o.id for o in loaded.offerings}


def test_the_allow_list_without_a_profile_is_a_400(client, loaded):
    response = client.get("/fit/allow-list.json")
    assert response.status_code == 400
    assert "preset" in json.loads(response.content)["error"][0]


def test_writes_are_refused(client, loaded):
    assert client.post("/fit/?preset=no-training").status_code == 405


CUSTOM = "/fit/?r_data_residency=any&eu=1&r_retention_zdr=any&max_days=30"
SQL_PATHS = [CUSTOM, "/fit/?preset=no-training&as_of=2026-06-30", CUSTOM + "&as_of=2026-06-30",
             "/fit/allow-list.json?preset=no-training", "/fit/allow-list.json?r_hipaa_baa=any&as_of=2026-06-30",
             "/api/v1/fit?r_retention_zdr=any&max_days=30", "/api/v1/fit?preset=zero-retention&as_of=2026-06-30"]


def _grown(loaded, n):  # noqa: ANN001, ANN202
    from trustreg.domain.fieldtypes import replace

    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    return replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=100 + i) for i in range(n)))


@pytest.mark.parametrize("path", SQL_PATHS)
def test_the_fit_answers_run_the_same_queries_whatever_the_number_of_offerings_and_no_full_scan(client, loaded, path):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from trustreg.registry.services import registry_load

    def read() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    read()  # the catalogue and the step file, then cached
    small = read()
    registry_load(actor="test", bundle=_grown(loaded, 60))
    read()
    sqls = read()
    assert len(sqls) == len(small) <= 12
    assert not any("CROSS JOIN" in s and "registry_offering" in s for s in sqls)  # no replay of every holder
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # small tables: price full scans out
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("ANALYZE registry_resolvedgrade")
            cursor.execute("ANALYZE registry_resolvedgradespan")
        for sql in sqls:
            if "registry_resolvedgrade" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
            plan = " / ".join(str(row[-1]) for row in cursor.fetchall()) + " "
            for table in ("registry_resolvedgrade ", "registry_resolvedgradespan "):
                assert f"SCAN {table}" not in plan, plan
                assert f"Seq Scan on {table}" not in plan, plan


def test_a_result_of_many_offerings_is_paged_with_links_that_work_without_javascript(client, loaded):
    from trustreg.buyers.fitpage import PER_PAGE
    from trustreg.registry.services import registry_load

    registry_load(actor="test", bundle=_grown(loaded, PER_PAGE))
    total = len(loaded.offerings) + PER_PAGE
    first = client.get(CUSTOM).content.decode()
    assert f"page 1 of 2 ({total} offerings)" in first
    assert first.count('class="fit-card') == PER_PAGE
    assert 'rel="next"' in first and "page=2" in first
    second = client.get(CUSTOM + "&page=2").content.decode()
    assert second.count('class="fit-card') == total - PER_PAGE and 'rel="prev"' in second
    shown = re.findall(r'id="fit-([a-z0-9-]+)"', first + second)
    assert len(shown) == len(set(shown)) == total
    assert client.get(CUSTOM + "&page=x").status_code == 200


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A2", "-1", "0", "x"])
def test_a_page_number_that_is_not_a_plain_number_shows_the_first_page(client, loaded, page):
    assert client.get(f"{CUSTOM}&page={page}").status_code == 200
    response = client.get(f"/fit/allow-list.json?r_soc2_type2=any&page={page}")
    assert response.status_code == 200 and json.loads(response.content)["page"] == 1


def test_the_allow_list_comes_in_pages_that_together_hold_every_offering_once(client, loaded):
    from trustreg.buyers import fitpage

    doc = json.loads(client.get("/fit/allow-list.json?preset=no-training").content)
    assert doc["page"] == doc["pages"] == 1 and doc["next_page"] is None
    assert doc["total"] == len(doc["allow"]) + len(doc["deny"]) == len(loaded.offerings)
    assert fitpage.ALLOW_LIST_PER_PAGE >= 100

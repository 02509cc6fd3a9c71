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

"""The bulk files as served: ETag, Last-Modified, conditional GET, gzip, and no work per request."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from trustreg.accounts import aftermath
from trustreg.bulk import build, store
from trustreg.buyers.profiles import presets
from trustreg.registry.selectors import catalogue

pytestmark = pytest.mark.django_db

URLS = ["/data.json", "/bulk/registry.csv", "/bulk/dump.jsonl"]


def body(response) -> bytes:  # noqa: ANN001
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("url", URLS)
def test_each_file_answers_with_validators_and_304_when_they_still_hold(client, built, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert first["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_a_client_that_accepts_gzip_gets_the_same_bytes_compressed(client, built, url):
    plain = client.get(url)
    plain_bytes = body(plain)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(body(packed)) == plain_bytes
    assert packed["ETag"] != plain["ETag"]  # one representation, one strong ETag
    refused = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert not refused.has_header("Content-Encoding")
    download = client.get(url + ".gz")
    assert download["Content-Type"] == "application/gzip" and gzip.decompress(body(download)) == plain_bytes


def test_serving_reads_no_table_whatever_the_registry_holds(client, built):
    with CaptureQueriesContext(connection) as queries:
        for url in URLS:
            assert client.get(url).status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []
    with CaptureQueriesContext(connection) as queries:  # the manifest reads the public generation: one row
        assert client.get("/bulk/manifest.json").status_code == 200
    assert len(queries.captured_queries) == 1 and "accounts_publicgeneration" in queries.captured_queries[0]["sql"]


def test_until_a_queued_build_runs_the_old_files_are_served_and_say_when_they_were_read(client, built):
    before = store.current()
    with transaction.atomic():
        aftermath.published_changed()  # a commit whose build is still waiting
    served = client.get("/data.json")
    assert served["X-Trustreg-Generation"] == str(before.number)
    assert served["X-Trustreg-Built-At"] == before.built_at.isoformat(timespec="seconds")
    doc = client.get("/bulk/manifest.json").json()
    assert doc["build_due"] and doc["registry_generation_now"] == before.registry_generation + 1
    build.build()
    doc = client.get("/bulk/manifest.json").json()
    assert not doc["build_due"] and doc["registry_generation"] == doc["registry_generation_now"]


def test_the_manifest_names_the_generation_and_every_file_with_its_hash(client, built):
    doc = client.get("/bulk/manifest.json").json()
    assert doc["generation"] == store.current().number
    files = {f["name"]: f for f in doc["files"]}
    calendars = {"calendar.ics"} | {f"calendar-{d.id}.ics" for d in catalogue().dimensions}
    fits = {f"fit-{p.id}.html" for p in presets(catalogue())}  # read by the fit page, not served as files
    assert set(files) == {build.DATA_JSON, build.CSV, build.DUMP} | calendars | fits  # feeds.files, buyers.files
    assert {n for n, f in files.items() if "url" not in f} == fits
    for f in files.values():
        if "url" not in f:
            continue
        served = client.get(f["url"])
        assert served["ETag"] == f["etag"] and int(served["Content-Length"]) == f["size"]


def test_before_the_first_build_the_files_answer_503_and_say_why(client, loaded):
    for url in URLS:
        r = client.get(url)
        assert r.status_code == 503 and "trustreg bulk build" in r.json()["detail"] and r["Retry-After"]


def test_the_csv_served_is_one_row_per_offering_and_question(client, built):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/bulk/registry.csv")).decode())))
    data = json.loads(body(client.get("/data.json")))
    assert len(rows) == len(data["offerings"]) * len(data["dimensions"])

"""The bulk files as served: ETag, Last-Modified, conditional GET, gzip, and no work per request."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil

import brotli
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from trustreg.accounts import aftermath
from trustreg.bulk import build, store
from trustreg.buyers.profiles import presets
from trustreg.registry.selectors import catalogue

pytestmark = pytest.mark.django_db

URLS = ["/data.json", "/bulk/registry.csv", "/bulk/dump.jsonl"]
BROWSER = "gzip, deflate, br, zstd"  # what a current browser asks for


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
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(body(packed)) == plain_bytes
    assert packed["ETag"] != plain["ETag"]  # one representation, one strong ETag
    assert client.get(url, HTTP_ACCEPT_ENCODING="br;q=0, gzip")["Content-Encoding"] == "gzip"
    refused = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert not refused.has_header("Content-Encoding")
    download = client.get(url + ".gz")
    assert download["Content-Type"] == "application/gzip" and gzip.decompress(body(download)) == plain_bytes


@pytest.mark.parametrize("url", URLS)
def test_a_client_that_accepts_brotli_gets_the_same_bytes_in_the_smaller_twin(client, built, url):
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING=BROWSER)
    entry = next(f for f in store.current().files.values() if url.endswith(f.name))
    assert packed["Content-Encoding"] == "br" and "Accept-Encoding" in packed["Vary"]
    assert brotli.decompress(body(packed)) == body(plain)
    assert int(packed["Content-Length"]) == entry.br_size < entry.gzip_size
    assert packed["ETag"] == entry.br_etag and len({packed["ETag"], plain["ETag"], entry.gzip_etag}) == 3
    assert packed["Last-Modified"] == plain["Last-Modified"]
    assert client.get(url, HTTP_ACCEPT_ENCODING=BROWSER, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
    assert client.get(url, HTTP_ACCEPT_ENCODING=BROWSER,
                      HTTP_IF_MODIFIED_SINCE=packed["Last-Modified"]).status_code == 304
    # the plain file's validator does not stand for the brotli bytes
    assert client.get(url, HTTP_ACCEPT_ENCODING=BROWSER, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 200


def test_a_generation_written_before_brotli_twins_is_served_gzip_and_the_next_build_adds_them(client, built):
    built_first = store.current()
    old = built_first.path.with_name(f"g{built_first.number + 1:06d}")  # as written before brotli twins
    shutil.copytree(built_first.path, old)
    doc = json.loads((old / store.MANIFEST).read_text())
    doc["generation"] = built_first.number + 1
    for f in doc["files"]:
        del f["br_size"]
        (old / f"{f['name']}.br").unlink()
    (old / store.MANIFEST).write_text(json.dumps(doc))
    (store.bulk_dir() / "next").symlink_to(old.name)
    (store.bulk_dir() / "next").replace(store.bulk_dir() / "current")
    before = store.current()
    assert before.number == built_first.number + 1 and before.files[build.DATA_JSON].br_size == 0
    assert client.get("/data.json", HTTP_ACCEPT_ENCODING=BROWSER)["Content-Encoding"] == "gzip"
    after = build.build()  # nothing changed in the registry: the files are written again, with twins
    assert after.number == before.number + 1 and after.files[build.DATA_JSON].br_size > 0
    assert after.files[build.DATA_JSON].etag == before.files[build.DATA_JSON].etag
    assert after.files[build.DATA_JSON].last_modified == before.files[build.DATA_JSON].last_modified
    assert client.get("/data.json", HTTP_ACCEPT_ENCODING=BROWSER)["Content-Encoding"] == "br"


def test_serving_reads_no_table_whatever_the_registry_holds(client, built):
    with CaptureQueriesContext(connection) as queries:
        for url in URLS:
            for accepted in ("", "gzip", BROWSER):
                assert client.get(url, HTTP_ACCEPT_ENCODING=accepted).status_code == 200
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
    fits = {f"fit-{p.id}.pages" for p in presets(catalogue())}  # read by the fit page, not served as files
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

"""What every API answer shares: validators and 304s, CORS for reads, HEAD, the docs page, copies."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.history_helpers import frozen
from tests.kept_helpers import CELL, with_kept_copies
from trustreg.api.http import COMPRESS_FROM, BadParameter, decode_cursor, encode_cursor, listing
from trustreg.domain.fieldtypes import replace
from trustreg.registry.models import Revision
from trustreg.registry.services import registry_load

PATHS = ["/api/v1/offerings", "/api/v1/offerings/azure-openai", "/api/v1/health", "/api/v1/changes"]


@pytest.mark.parametrize("path", PATHS)
def test_an_unchanged_document_answers_304_to_its_etag_and_its_date(client, loaded, path):
    first = client.get(path)
    second = client.get(path)
    assert first.json()["generated_at"] != "" and first["ETag"] == second["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_change_to_the_registry_changes_the_etag(client, loaded):
    before = client.get("/api/v1/offerings/azure-openai")["ETag"]
    registry_load(actor="test", bundle=with_kept_copies(loaded))
    after = client.get("/api/v1/offerings/azure-openai", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_reads_allow_any_origin_without_credentials(client, loaded):
    response = client.get("/api/v1/offerings", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options("/api/v1/offerings", HTTP_ORIGIN="https://elsewhere.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert client.post("/api/v1/offerings").status_code == 405


def test_head_answers_like_get_without_a_body(client, loaded):
    get, head = client.get("/api/v1/questions"), client.head("/api/v1/questions")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and int(head["Content-Length"]) == len(get.content)


def test_the_docs_page_lists_every_operation_and_loads_nothing_from_elsewhere(client, loaded):
    page = client.get("/api/v1/docs").content.decode()
    for path in client.get("/api/v1/openapi.json").json()["paths"]:
        assert f"GET {path}" in page
    assert not re.search(r'<(script|link)\b', page.split("<main", 1)[-1])
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_a_citation_names_its_kept_copy_and_a_public_copy_gives_its_text(client, loaded):
    registry_load(actor="test", bundle=with_kept_copies(loaded))
    cell = next(c for c in client.get("/api/v1/offerings/azure-openai").json()["cells"] if c["question"] == CELL)
    kept = next(c["kept_copy"] for c in cell["citations"] if c["kept_copy"])
    assert kept["id"] == "azure-data-privacy" and len(kept["sha256"]) == 64 and kept["retrieved"] == "2026-07-05"
    copy = client.get(kept["text_url"]).json()
    assert copy["sha256"] == kept["sha256"] and copy["text"].startswith("Intro. ")
    assert client.get("/api/v1/copies/azure-private-note").status_code == 404
    assert client.get("/api/v1/copies/no-such-copy").status_code == 404


def test_a_public_copy_of_a_source_no_cell_cites_stays_hidden(client, loaded):
    bundle = with_kept_copies(loaded)
    uncited = replace(bundle.copies[0], id="uncited-public", url="https://example.com/uncited")
    registry_load(actor="test", bundle=replace(bundle, copies=(*bundle.copies, uncited)))
    assert client.get("/api/v1/copies/azure-data-privacy").status_code == 200
    assert client.get("/api/v1/copies/uncited-public").status_code == 404


def test_the_api_root_leads_to_its_docs(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"


BROWSER = "gzip, deflate, br, zstd"


@pytest.mark.parametrize(("accepted", "coding", "unpack"), [
    (BROWSER, "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
])
def test_a_large_answer_is_compressed_for_a_client_that_takes_it_with_an_etag_of_its_own(
        client, loaded, accepted, coding, unpack):
    plain = client.get("/api/v1/offerings")
    packed = client.get("/api/v1/offerings", HTTP_ACCEPT_ENCODING=accepted)
    assert len(plain.content) >= COMPRESS_FROM and not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == coding and len(packed.content) < len(plain.content) / 3
    assert _without_time(unpack(packed.content)) == _without_time(plain.content)
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert packed["ETag"] != plain["ETag"] and packed["ETag"].strip('"').startswith(plain["ETag"].strip('"'))
    again = client.get("/api/v1/offerings", HTTP_ACCEPT_ENCODING=accepted, HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again["ETag"] == packed["ETag"] and "Accept-Encoding" in again["Vary"]
    assert client.get("/api/v1/offerings", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 200
    with frozen(timezone.now()):  # the same generated_at, so the same compressed length
        get = client.get("/api/v1/offerings", HTTP_ACCEPT_ENCODING=accepted)
        head = client.head("/api/v1/offerings", HTTP_ACCEPT_ENCODING=accepted)
    assert head["ETag"] == packed["ETag"] and head["Content-Encoding"] == coding and head.content == b""
    assert int(head["Content-Length"]) == len(get.content)


@pytest.mark.parametrize("accepted", [None, "", "identity", "gzip;q=0, br;q=0"])
def test_a_client_that_takes_no_coding_gets_the_document_as_it_is(client, loaded, accepted):
    headers = {} if accepted is None else {"HTTP_ACCEPT_ENCODING": accepted}
    response = client.get("/api/v1/offerings", **headers)
    assert not response.has_header("Content-Encoding") and response.json()["items"]


def test_a_small_answer_and_an_error_are_sent_as_they_are(client, loaded):
    small = client.get("/api/v1/offerings?limit=1&developer=nobody", HTTP_ACCEPT_ENCODING=BROWSER)
    assert len(small.content) < COMPRESS_FROM and not small.has_header("Content-Encoding")
    bad = client.get("/api/v1/offerings?as_of=" + "x" * 2000, HTTP_ACCEPT_ENCODING=BROWSER)
    assert bad.status_code == 400 and not bad.has_header("Content-Encoding")


def test_an_answer_to_a_request_carrying_credentials_is_never_compressed(client, loaded, django_user_model):
    """BREACH: an answer a maintainer's browser asks for (session cookie) or a request with an
    Authorization header is sent as it is, whatever it accepts."""
    user = django_user_model.objects.create_user("maintainer", password="x-long-enough-password")
    with_token = client.get("/api/v1/offerings", HTTP_ACCEPT_ENCODING=BROWSER, HTTP_AUTHORIZATION="Bearer abc")
    assert not with_token.has_header("Content-Encoding")
    client.force_login(user)
    signed_in = client.get("/api/v1/offerings", HTTP_ACCEPT_ENCODING=BROWSER)
    assert signed_in.status_code == 200 and not signed_in.has_header("Content-Encoding")


def _without_time(body: bytes) -> bytes:
    return re.sub(rb'"generated_at":\s*"[^"]*"', b"", body)


# -- Cursors ------------------------------------------------------------------------------------


@given(st.sampled_from(["offerings", "parties", "changes"]), st.text(max_size=30), st.integers(0, 10**12 - 1))
def test_a_cursor_reads_back_as_its_position_in_its_own_listing_only(name, filter_value, position):
    mine, other = listing(name, filter_value), listing(name, filter_value + "x")
    cursor = encode_cursor(mine, position)
    assert len(cursor) <= 80 and decode_cursor(cursor, mine) == position
    with pytest.raises(BadParameter, match="^cursor: given out by another listing"):
        decode_cursor(cursor, other)


@given(st.text(max_size=120))
def test_any_text_as_a_cursor_is_a_position_or_a_400_naming_the_cursor(raw):
    of = listing("offerings", raw)
    try:
        assert decode_cursor(raw, of) >= 0
    except BadParameter as exc:
        assert str(exc).startswith("cursor: ")


def test_a_changes_cursor_kept_from_before_cursors_were_bound_still_resumes(client, loaded):
    first = Revision.objects.order_by("id").values_list("id", flat=True)[0]
    legacy = encode_cursor("rev", first)
    doc = client.get("/api/v1/changes", {"cursor": legacy}).json()
    assert doc["items"] and doc["items"][0]["id"] > first
    assert client.get("/api/v1/offerings", {"cursor": legacy}).status_code == 400


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_a_write_method_answers_405_in_json_allowing_what_the_api_serves(client, loaded, method):
    answer = getattr(client, method)("/api/v1/offerings")
    assert answer.status_code == 405 and answer["Allow"] == "GET, HEAD, OPTIONS"
    assert answer["Content-Type"].startswith("application/json") and answer.json()["detail"].startswith("method: ")
    assert answer["Access-Control-Allow-Origin"] == "*"

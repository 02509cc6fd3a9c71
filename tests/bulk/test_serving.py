"""The bulk files served as WhiteNoise serves a static file (``trustreg.bulk.serving``)."""

from __future__ import annotations

import gzip

import pytest
from whitenoise.middleware import WhiteNoiseFileResponse

from trustreg.bulk import build, store
from trustreg.bulk.serving import BulkFilesMiddleware

pytestmark = pytest.mark.django_db


def body(response) -> bytes:  # noqa: ANN001
    return b"".join(response.streaming_content)


def test_the_files_are_answered_before_sessions_csrf_and_url_resolving(client, built):
    response = client.get("/data.json", HTTP_ACCEPT_ENCODING="gzip")
    assert isinstance(response, WhiteNoiseFileResponse)  # WhiteNoise's own response: sendfile
    request = response.wsgi_request  # no session, no user: the middleware after WhiteNoise answered
    assert not hasattr(request, "session") and not hasattr(request, "user")
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == store.current().files[build.DATA_JSON].gzip_size


def test_a_byte_range_is_answered_206_with_just_those_bytes(client, built):
    whole = body(client.get("/bulk/registry.csv"))
    part = client.get("/bulk/registry.csv", HTTP_RANGE="bytes=10-29")
    assert part.status_code == 206 and body(part) == whole[10:30]
    assert part["Content-Range"] == f"bytes 10-29/{len(whole)}"
    tail = client.get("/bulk/registry.csv", HTTP_RANGE="bytes=-5")
    assert body(tail) == whole[-5:]
    beyond = client.get("/bulk/registry.csv", HTTP_RANGE=f"bytes={len(whole) + 5}-")
    assert beyond.status_code == 416


def test_head_answers_the_headers_without_the_body_and_other_methods_405(client, built):
    head = client.head("/bulk/dump.jsonl")
    assert head.status_code == 200 and int(head["Content-Length"]) == store.current().files[build.DUMP].size
    assert client.post("/bulk/dump.jsonl").status_code == 405


def test_a_client_refusing_gzip_with_q0_gets_the_plain_file_and_gz_downloads_are_attachments(client, built):
    plain = client.get("/data.json", HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in plain
    download = client.get("/bulk/dump.jsonl.gz")
    assert download["Content-Disposition"] == 'attachment; filename="dump.jsonl.gz"'
    assert gzip.decompress(body(download)) == body(client.get("/bulk/dump.jsonl"))


def test_a_new_generation_is_served_as_soon_as_it_is_switched_in(client, built):
    from trustreg.registry.models import Offering

    first = client.get("/data.json")
    Offering.objects.filter(id="azure-openai").update(summary="A summary changed for the test.")
    generation = build.build()
    second = client.get("/data.json")
    assert second["X-Trustreg-Generation"] == str(generation.number) != first["X-Trustreg-Generation"]
    assert second["ETag"] != first["ETag"] and b"A summary changed for the test." in body(second)


def test_the_manifest_goes_on_to_the_views_and_a_past_day_is_answered_here(client, built, rf):
    calls = []
    middleware = BulkFilesMiddleware(lambda request: calls.append(request.path) or "view")
    assert middleware(rf.get("/data.json", {"as_of": "2026-07-31"})) != "view"  # bulk.dayserve
    assert middleware(rf.get("/bulk/manifest.json")) == "view"
    assert middleware(rf.get("/data.json", {"as_of": ""})) != "view"
    assert calls == ["/bulk/manifest.json"]

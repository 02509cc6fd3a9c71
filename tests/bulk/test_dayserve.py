"""``/data.json?as_of=DAY`` as served: the day's kept file, with the validators and encodings of
``/data.json``, no query, and a bounded answer to any value an asker sends."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import zlib

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bulk.days import build_at, fill_at, load, regraded, small
from tests.history_helpers import at, frozen
from trustreg.bulk import dayfill, dayserve, daystore
from trustreg.bulk.serving import BulkFilesMiddleware

pytestmark = pytest.mark.django_db

BROWSER = "gzip, deflate, br, zstd"
D1, D2, D3 = dt.date(2026, 5, 1), dt.date(2026, 5, 2), dt.date(2026, 5, 3)
NOW = at("2026-05-03", 22)


@pytest.fixture
def three_days(settings):
    """A small registry loaded on the 1st, changed on the 3rd; every day's file written by the 3rd."""
    settings.TRUSTREG_BULK_FILES = []
    b = small()
    load(b, "2026-05-01")
    load(regraded(b, 1), "2026-05-03")
    build_at("2026-05-03")
    fill_at("2026-05-03")
    with frozen(NOW):
        yield


def body(response) -> bytes:  # noqa: ANN001
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_past_day_answers_its_replay_in_each_encoding_with_validators_and_304(client, three_days):
    with frozen(at("2026-05-02", 23)):
        replay = dayfill.replay_text(D2)
    url = "/data.json?as_of=2026-05-02"
    etags = set()
    for accepted, decode in (("", bytes), ("gzip", gzip.decompress), (BROWSER, brotli.decompress)):
        r = client.get(url, HTTP_ACCEPT_ENCODING=accepted)
        sent = body(r)
        assert r.status_code == 200 and decode(sent) == replay and int(r["Content-Length"]) == len(sent)
        assert r["Content-Type"] == "application/json" and r["Access-Control-Allow-Origin"] == "*"
        assert r["X-Trustreg-As-Of"] == "2026-05-02" and "Accept-Encoding" in r["Vary"]
        etags.add(r["ETag"])
        assert client.get(url, HTTP_ACCEPT_ENCODING=accepted, HTTP_IF_NONE_MATCH=r["ETag"]).status_code == 304
        assert client.get(url, HTTP_ACCEPT_ENCODING=accepted,
                          HTTP_IF_MODIFIED_SINCE=r["Last-Modified"]).status_code == 304
        assert client.get(url, HTTP_ACCEPT_ENCODING=accepted, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert len(etags) == 3  # one strong ETag per representation
    assert client.get(url, HTTP_ACCEPT_ENCODING="br;q=0, gzip")["Content-Encoding"] == "gzip"
    head = client.head(url)
    assert head.status_code == 200 and body(head) == b"" and int(head["Content-Length"]) == len(replay)


def test_each_day_answers_its_own_state_and_today_the_bytes_of_data_json(client, three_days):
    days = [body(client.get(f"/data.json?as_of={d}", HTTP_ACCEPT_ENCODING="")) for d in (D1, D2, D3)]
    assert b'"generated": "2026-05-01"' in days[0] and b"Changed, version 1." not in days[1]
    assert b"Changed, version 1." in days[2]
    assert days[2] == body(client.get("/data.json", HTTP_ACCEPT_ENCODING=""))


def test_serving_a_past_day_reads_no_table_whatever_is_asked(client, three_days, settings):
    with CaptureQueriesContext(connection) as queries:
        for value in ("2026-05-02", "2026-05-01", "2999-01-01", "2026-04-30", "soon", "9" * 5000):
            for accepted in ("", "gzip", BROWSER):
                client.get("/data.json", {"as_of": value}, HTTP_ACCEPT_ENCODING=accepted)
        settings.TRUSTREG_ASOF_DAILY_DAYS = 1
        client.get("/data.json?as_of=2026-05-02")
    assert [q["sql"] for q in queries.captured_queries] == []


@pytest.mark.parametrize("value", ["soon", "2026-13-01", "2026-5-1x", "-1", "0000-00-00", "9" * 5000, "２０２６-05-01"])
def test_a_malformed_day_is_refused_with_400_in_json(client, three_days, value):
    r = client.get("/data.json", {"as_of": value})
    assert r.status_code == 400 and "as_of" in r.json()["error"] and len(r.content) < 1000


def test_a_day_before_the_registry_began_is_not_found_and_says_when_it_began(client, three_days):
    for value in ("2026-04-30", "0001-01-01"):
        r = client.get("/data.json", {"as_of": value})
        assert r.status_code == 404 and r.json()["first_day"] == "2026-05-01"


def test_a_day_not_begun_is_read_as_today_and_says_so(client, three_days):
    r = client.get("/data.json?as_of=2999-01-01", HTTP_ACCEPT_ENCODING="")
    assert r.status_code == 200 and r["X-Trustreg-As-Of"] == "2026-05-03"
    assert "is in the future: showing today, 2026-05-03" in r["X-Trustreg-Note"]


def test_a_day_the_retention_keeps_no_file_for_is_redirected_to_the_nearest_kept_day_before(
        client, three_days, settings):
    settings.TRUSTREG_ASOF_DAILY_DAYS = 1  # the 2nd is neither the first day, a month's end nor today
    r = client.get("/data.json?as_of=2026-05-02")
    assert r.status_code == 303 and r["Location"] == "/data.json?as_of=2026-05-01"
    assert "nearest kept day before it, 2026-05-01" in r["X-Trustreg-Note"] and r.json()["as_of"] == "2026-05-01"


def test_a_kept_day_without_its_file_yet_answers_503_with_retry_after_and_never_replays(client, three_days):
    index = daystore.read_index()
    del index.days[D2]
    daystore.write_index(index)
    with CaptureQueriesContext(connection) as queries:
        r = client.get("/data.json?as_of=2026-05-02")
    assert r.status_code == 503 and int(r["Retry-After"]) > 0 and "bulk worker" in r.json()["detail"]
    assert queries.captured_queries == []


def test_before_the_worker_wrote_any_day_past_days_answer_503(client, settings):
    settings.TRUSTREG_BULK_FILES = []
    load(small(), "2026-05-01")
    with frozen(NOW):
        r = client.get("/data.json?as_of=2026-05-02")
    assert r.status_code == 503 and r["Retry-After"]


def test_the_middleware_answers_a_past_day_itself_and_the_view_answers_alike(client, three_days, rf, settings):
    middleware = BulkFilesMiddleware(lambda request: "view")
    served = middleware(rf.get("/data.json", {"as_of": "2026-05-02"}))
    assert served != "view" and served.status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("BulkFilesMiddleware")]
    by_view = client.get("/data.json?as_of=2026-05-02")
    assert by_view.status_code == 200 and by_view["ETag"] == served["ETag"]
    assert client.post("/data.json?as_of=2026-05-02").status_code == 405


REFUSING = [None, "", "identity", "gzip;q=0, br;q=0", "*;q=0", "deflate", "GZIP;Q=0, br;q=0.0"]


@pytest.mark.parametrize("accepted", REFUSING)
def test_a_client_that_takes_no_coding_gets_the_kept_text_streamed_with_its_length_and_validators(
        client, three_days, accepted):
    with frozen(at("2026-05-02", 23)):
        replay = dayfill.replay_text(D2)
    url = "/data.json?as_of=2026-05-02"
    headers = {} if accepted is None else {"HTTP_ACCEPT_ENCODING": accepted}
    r = client.get(url, **headers)
    assert r.status_code == 200 and r.streaming and not r.has_header("Content-Encoding")
    assert body(r) == replay and int(r["Content-Length"]) == len(replay)
    assert "Accept-Encoding" in r["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH=r["ETag"], **headers).status_code == 304
    head = client.head(url, **headers)
    assert head["ETag"] == r["ETag"] and int(head["Content-Length"]) == len(replay) and body(head) == b""


def test_a_client_that_takes_any_coding_by_star_gets_brotli(client, three_days):
    assert client.get("/data.json?as_of=2026-05-02", HTTP_ACCEPT_ENCODING="*")["Content-Encoding"] == "br"


class _Reads(io.BytesIO):
    """A file that records the size of every read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        self.sizes.append(-1 if size is None else size)
        return super().read(size)


def test_the_text_is_inflated_in_bounded_pieces_from_bounded_reads_never_whole():
    text = b"".join(b'{"n": %d, "noise": "%s"},\n' % (i, os.urandom(8).hex().encode()) for i in range(60_000))
    fh = _Reads(gzip.compress(text, mtime=0))
    pieces = list(dayserve.inflated(fh))
    assert b"".join(pieces) == text and len(text) > 8 * dayserve.CHUNK_BYTES
    assert max(map(len, pieces)) <= dayserve.CHUNK_BYTES and len(pieces) >= len(text) // dayserve.CHUNK_BYTES
    assert all(0 < size <= dayserve.READ_BYTES for size in fh.sizes) and fh.closed


def test_a_text_of_several_gzip_members_is_inflated_whole_and_a_cut_file_fails_loudly():
    assert b"".join(dayserve.inflated(io.BytesIO(gzip.compress(b"one ") + gzip.compress(b"two")))) == b"one two"
    packed = gzip.compress(b"x" * 100_000)
    with pytest.raises(zlib.error):
        b"".join(dayserve.inflated(io.BytesIO(packed[:-6])))

"""Public pages kept per public generation and day (``trustreg.pagecache.cache``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.pagecache import cache, fragments
from trustreg.registry.models import Cell, Revision
from trustreg.registry.publish import Holder, cell_publish, current_record

pytestmark = pytest.mark.django_db

PAGE = "/offerings/azure-openai/"
HIT = "X-Trustreg-Page-Cache"


def publish_a_note(text: str) -> None:
    cell = Cell.objects.filter(offering_id="azure-openai").exclude(grade="").order_by("id").first()
    assert cell is not None
    holder = Holder("offering", "azure-openai")
    record = current_record(holder, cell.dimension_id)
    assert isinstance(record, CellRecord)
    cell_publish(actor="test", holder=holder, dimension_id=cell.dimension_id,
                 record=replace(record, notes=f"{record.notes} {text}"), kind=Revision.Kind.EDITORIAL, reason="note")


def without_time(body: bytes) -> bytes:
    return re.sub(rb"printed \d{4}-\d\d-\d\d \d\d:\d\d UTC", b"printed <time> UTC", body)


def test_a_page_is_rendered_once_then_served_from_the_cache_with_one_query(loaded, client,
                                                                             django_assert_num_queries):
    first = client.get(PAGE)
    with django_assert_num_queries(1):  # the public generation, nothing else
        second = client.get(PAGE)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first[HIT], second[HIT]) == ("miss", "hit")
    assert without_time(second.content) == without_time(first.content)
    assert b"Azure OpenAI" in second.content and second["Content-Type"].startswith("text/html")


def test_a_publish_shows_on_the_very_next_request(loaded, client):
    client.get(PAGE)
    assert client.get(PAGE)[HIT] == "hit"
    publish_a_note("Marker-7731 re-checked.")
    after = client.get(PAGE)
    assert after[HIT] == "miss" and b"Marker-7731" in after.content
    assert client.get(PAGE)[HIT] == "hit"


def test_a_rolled_back_change_leaves_the_cached_page_in_use(loaded, client):
    from django.db import transaction

    client.get(PAGE)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_a_note("Marker-rolled-back.")
        raise RuntimeError("abandon")
    again = client.get(PAGE)
    assert again[HIT] == "hit" and b"Marker-rolled-back" not in again.content


def test_a_page_cached_inside_a_rolled_back_change_is_not_served_for_the_next_change(loaded, client):
    from django.db import transaction

    # The rolled-back change took generation n + 1 and a page was cached under it; the next change
    # takes n + 1 again, and must not be answered with the abandoned page.
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_a_note("Marker-abandoned.")
        assert b"Marker-abandoned" in client.get(PAGE).content
        raise RuntimeError("abandon")
    publish_a_note("Marker-kept.")
    after = client.get(PAGE)
    assert after[HIT] == "miss" and b"Marker-kept" in after.content and b"Marker-abandoned" not in after.content


def test_a_new_day_renders_the_page_again(loaded, client, monkeypatch):
    client.get(PAGE)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(cache.timezone, "localdate", lambda *a, **k: tomorrow)
    assert client.get(PAGE)[HIT] == "miss"


def test_the_time_served_is_filled_in_per_request_not_kept(loaded, client, monkeypatch):
    client.get(PAGE)
    later = dt.datetime.combine(timezone.localdate(), dt.time(0, 1), tzinfo=dt.UTC)  # the same day
    monkeypatch.setattr(fragments.timezone, "now", lambda: later)
    hit = client.get(PAGE)
    assert hit[HIT] == "hit" and f"printed {later:%Y-%m-%d} 00:01 UTC".encode() in hit.content
    assert fragments.NOW not in hit.content and fragments.CSRF not in hit.content


def test_as_of_filters_and_htmx_requests_each_have_their_own_entry(loaded, client):
    plain = client.get(PAGE)
    past = client.get(PAGE + "?as_of=2026-07-31")
    assert (plain[HIT], past[HIT]) == ("miss", "miss")
    assert client.get(PAGE + "?as_of=2026-07-31")[HIT] == "hit"
    assert client.get("/?developer=openai")[HIT] == "miss"
    assert client.get("/?developer=microsoft")[HIT] == "miss"
    assert client.get("/?developer=openai", headers={"HX-Request": "true"})[HIT] == "miss"
    assert client.get("/?developer=openai")[HIT] == "hit"


def test_signed_in_maintainers_and_pages_that_are_not_found_are_never_cached(loaded, client, django_user_model):
    client.get(PAGE)
    user = django_user_model.objects.create_user("mira", password="a long password here")
    client.force_login(user)
    mine = client.get(PAGE)
    assert mine.status_code == 200 and HIT not in mine
    visitor = Client()
    for _ in range(2):
        missing = visitor.get("/offerings/no-such-offering/")
        assert missing.status_code == 404 and HIT not in missing
    assert visitor.get("/?as_of=not-a-date").status_code == 400
    assert HIT not in visitor.get("/?as_of=not-a-date")


def test_conditional_gets_answer_304_until_the_registry_changes(loaded, client, django_assert_num_queries):
    first = client.get(PAGE)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"g') and first["Cache-Control"] == "no-cache"
    with django_assert_num_queries(1):
        assert client.get(PAGE, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(PAGE, headers={"If-Modified-Since": last_modified}).status_code == 304
    publish_a_note("Marker-etag.")
    changed = client.get(PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag and b"Marker-etag" in changed.content


CORRECTION = "/offerings/azure-openai/cells/soc2_type2/correction/"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def test_two_visitors_each_get_their_own_csrf_token_from_the_cached_form_and_both_can_submit(loaded):
    from trustreg.workbench.models import Correction

    ann, bo = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    ann_page, bo_page = ann.get(CORRECTION), bo.get(CORRECTION)
    assert (ann_page[HIT], bo_page[HIT]) == ("miss", "hit")
    assert ann_page["Cache-Control"] == "private, no-cache"
    ann_token, bo_token = (TOKEN.search(p.content).group(1).decode() for p in (ann_page, bo_page))
    ann_secret, bo_secret = ann.cookies["csrftoken"].value, bo.cookies["csrftoken"].value
    assert ann_secret != bo_secret
    assert fragments._unmask(ann_token) == ann_secret and fragments._unmask(bo_token) == bo_secret
    data = {"proposed_grade": "no", "evidence_url": "https://e.example/soc2", "message": "see the report"}
    # Bo's token is no good with Ann's cookie: the cache never hands one visitor's token to another.
    assert ann.post(CORRECTION, {**data, "csrfmiddlewaretoken": bo_token}).status_code == 403
    assert ann.post(CORRECTION, {**data, "csrfmiddlewaretoken": ann_token}).status_code == 302
    assert bo.post(CORRECTION, {**data, "csrfmiddlewaretoken": bo_token}, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert Correction.objects.count() == 2


def test_the_page_cache_can_be_switched_off(loaded, client, settings):
    settings.TRUSTREG_PAGE_CACHE = False
    client.get(PAGE)
    response = client.get(PAGE)
    assert response.status_code == 200 and HIT not in response and "ETag" not in response


BROWSER = "gzip, deflate, br, zstd"


def unpacked(response) -> bytes:  # noqa: ANN001 - a test client response
    import gzip

    import brotli

    coding = response.get("Content-Encoding", "")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(coding, lambda b: b)(response.content)


@pytest.mark.parametrize(("accepted", "coding"), [(BROWSER, "br"), ("gzip, deflate", "gzip"), ("br;q=0, gzip", "gzip")])
def test_a_client_that_accepts_compression_gets_the_cached_page_compressed_with_its_length(loaded, client, accepted,
                                                                                          coding):
    plain = client.get("/")
    packed = client.get("/", headers={"Accept-Encoding": accepted})
    assert packed.status_code == 200 and packed["Content-Encoding"] == coding
    assert "Content-Encoding" not in plain
    assert unpacked(packed) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) // 3
    assert int(plain["Content-Length"]) == len(plain.content)
    assert all("Accept-Encoding" in r["Vary"] for r in (plain, packed))


def test_each_coding_has_its_own_etag_and_answers_304_to_its_own(loaded, client, django_assert_num_queries):
    answers = {a: client.get(PAGE, headers={"Accept-Encoding": a}) for a in (BROWSER, "gzip", "identity")}
    etags = {a: r["ETag"] for a, r in answers.items()}
    assert len(set(etags.values())) == 3 and all(e.startswith('W/"g') for e in etags.values())
    for accepted, etag in etags.items():
        with django_assert_num_queries(1):
            again = client.get(PAGE, headers={"Accept-Encoding": accepted, "If-None-Match": etag})
        assert again.status_code == 304 and "Accept-Encoding" in again["Vary"]
    other = client.get(PAGE, headers={"Accept-Encoding": "gzip", "If-None-Match": etags[BROWSER]})
    assert other.status_code == 200 and other["Content-Encoding"] == "gzip"


def test_a_compressed_hit_reads_the_twin_alone_with_one_query(loaded, client, django_assert_num_queries, monkeypatch):
    first = client.get("/", headers={"Accept-Encoding": BROWSER})
    assert first[HIT] == "miss"
    monkeypatch.setattr(cache.encoding, "compress", lambda *a: pytest.fail("compressed again"))
    with django_assert_num_queries(1):
        second = client.get("/", headers={"Accept-Encoding": BROWSER})
    assert second[HIT] == "hit" and second.content == first.content and second["Content-Encoding"] == "br"


def test_a_publish_replaces_the_compressed_twin_on_the_next_request(loaded, client):
    client.get(PAGE, headers={"Accept-Encoding": BROWSER})
    publish_a_note("Marker-packed-4410.")
    after = client.get(PAGE, headers={"Accept-Encoding": BROWSER})
    assert after[HIT] == "miss" and b"Marker-packed-4410" in unpacked(after)


def test_the_compressed_page_shows_the_minute_it_is_served(loaded, client, monkeypatch):
    minute = [dt.datetime.combine(timezone.localdate(), dt.time(0, 1), tzinfo=dt.UTC)]
    monkeypatch.setattr(fragments.timezone, "now", lambda: minute[0])
    client.get(PAGE, headers={"Accept-Encoding": BROWSER})
    with monkeypatch.context() as patched:  # the same minute: the twin made for it
        patched.setattr(cache.encoding, "compress", lambda *a: pytest.fail("compressed again"))
        assert b"printed " + f"{minute[0]:%Y-%m-%d} 00:01 UTC".encode() in unpacked(
            client.get(PAGE, headers={"Accept-Encoding": BROWSER}))
    minute[0] += dt.timedelta(minutes=1)
    later = client.get(PAGE, headers={"Accept-Encoding": BROWSER})
    assert later[HIT] == "hit" and f"printed {minute[0]:%Y-%m-%d} 00:02 UTC".encode() in unpacked(later)
    assert fragments.NOW not in unpacked(later)


def test_a_cached_page_holding_a_csrf_token_is_never_sent_compressed(loaded):
    visitor = Client()
    for _ in range(2):
        page = visitor.get(CORRECTION, headers={"Accept-Encoding": BROWSER})
        assert page.status_code == 200 and "Content-Encoding" not in page and TOKEN.search(page.content)
        assert "Accept-Encoding" in page["Vary"]
    assert page[HIT] == "hit"


def test_pages_that_are_not_cached_are_sent_uncompressed(loaded, client, django_user_model):
    assert "Content-Encoding" not in client.get("/offerings/no-such-offering/", headers={"Accept-Encoding": BROWSER})
    client.force_login(django_user_model.objects.create_user("noor", password="a long password here"))
    mine = client.get(PAGE, headers={"Accept-Encoding": BROWSER})
    assert mine.status_code == 200 and "Content-Encoding" not in mine and HIT not in mine


def test_a_head_request_is_answered_from_the_cached_page_with_its_validators(loaded, client,
                                                                             django_assert_num_queries):
    got = client.get(PAGE)
    with django_assert_num_queries(1):  # the public generation: no render for a probe
        head = client.head(PAGE)
    assert head.status_code == 200 and head[HIT] == "hit" and head.content == b""
    assert head["ETag"] == got["ETag"] and head["Content-Length"] == got["Content-Length"]
    assert client.head(PAGE, headers={"If-None-Match": got["ETag"]}).status_code == 304


@pytest.mark.parametrize("accepted", [BROWSER, "gzip", "identity", None])
def test_the_correction_forms_304_carries_the_caching_headers_of_its_200_and_an_etag_naming_no_coding(
        loaded, accepted):
    visitor = Client()
    headers = {"Accept-Encoding": accepted} if accepted else {}
    page = visitor.get(CORRECTION, headers=headers)
    assert page.status_code == 200 and "Content-Encoding" not in page  # it holds a token: never compressed
    assert page["Cache-Control"] == "private, no-cache"
    assert not re.search(r"-(br|gzip)\"$", page["ETag"])
    for conditional in ({"If-None-Match": page["ETag"]}, {"If-Modified-Since": page["Last-Modified"]}):
        again = visitor.get(CORRECTION, headers={**headers, **conditional})
        assert again.status_code == 304, conditional
        assert again["Cache-Control"] == page["Cache-Control"] and again["ETag"] == page["ETag"], conditional
        assert again["Vary"] == page["Vary"] and again["Last-Modified"] == page["Last-Modified"]

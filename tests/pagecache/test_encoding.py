"""Which compressed twin a client gets, and how it is made (``trustreg.pagecache.encoding``)."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from trustreg.bulk import store
from trustreg.pagecache import encoding


def coding_for(accepted: str | None) -> str:
    request = RequestFactory().get("/", **({} if accepted is None else {"HTTP_ACCEPT_ENCODING": accepted}))
    return encoding.negotiate(request)


@pytest.mark.parametrize(("accepted", "coding"), [
    ("gzip, deflate, br, zstd", "br"), ("br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"),
    ("br; q=0.0, gzip;q=0", ""), ("deflate", ""), ("identity", ""), (None, ""), ("brotli-ish, xgzip", ""),
])
def test_brotli_is_chosen_first_then_gzip_and_a_coding_named_with_q0_is_refused(accepted, coding):
    assert coding_for(accepted) == coding


def test_pages_are_compressed_with_the_bulk_files_settings():
    assert (encoding.BROTLI_QUALITY, encoding.BROTLI_WINDOW) == (store.BROTLI_QUALITY, store.BROTLI_WINDOW)


@given(st.binary(max_size=5000))
def test_each_twin_unpacks_to_the_page_and_the_same_page_always_packs_the_same(body):
    for coding, unpack in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        packed = encoding.compress(body, coding)
        assert unpack(packed) == body and encoding.compress(body, coding) == packed


def test_an_unknown_coding_is_refused():
    with pytest.raises(ValueError, match="zstd"):
        encoding.compress(b"x", "zstd")

"""Plain text: decoded, line endings normalised, the first line as title; any text round-trips."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustreg.textextract import EXTRACTOR_VERSION, extract

# --- plain text ----------------------------------------------------------------------------------


def test_it_decodes_a_declared_charset():
    data = "Données conservées 30 jours".encode("latin-1")
    got = extract(data, content_type="text/plain; charset=ISO-8859-1")
    assert got.text == "Données conservées 30 jours"
    assert got.media == "text"


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_it_decodes_text_with_a_byte_order_mark(bom_codec):
    data = "Retention: thirty (30) days".encode(bom_codec)
    if bom_codec == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)
    assert extract(data, name="x.txt").text == "Retention: thirty (30) days"


def test_it_normalises_line_endings_and_takes_the_first_line_as_title():
    got = extract(b"Title line\r\n\r\nBody text\r\n", name="a.txt")
    assert got.text == "Title line\n\nBody text"
    assert got.title == "Title line"
    assert EXTRACTOR_VERSION in got.extractor


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300))
def test_any_utf8_text_round_trips_through_plain_extraction(text):
    if not text.strip():
        return
    got = extract(text.encode("utf-8"), content_type="text/plain")
    assert got.text == text.strip("\n")

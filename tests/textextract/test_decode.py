"""Bytes to text: a BOM first, then the declared charset, then UTF-8; never a guess, never mojibake."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.textextract.base import ExtractionError
from trustreg.textextract.decode import decode, normalise_newlines, paragraphs

# Text as pages hold it: no control characters beyond tab and newlines.
page_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=200)


@given(page_text)
def test_any_utf8_text_decodes_back_to_itself(text):
    assert decode(text.encode("utf-8")) == (text, "utf-8")


@given(page_text, st.sampled_from(["utf-8-sig", "utf-16", "utf-32"]))
def test_a_byte_order_mark_decides_the_encoding(text, codec):
    decoded, _ = decode(text.encode(codec), charset="iso-8859-2")  # a BOM outranks the declaration
    assert decoded == text


def test_a_page_declared_latin_1_is_read_as_windows_1252_like_browsers_do():
    assert decode("“quoted” café".encode("cp1252"), charset="ISO-8859-1") == ("“quoted” café", "cp1252")


def test_a_charset_in_an_html_meta_tag_is_used_only_when_asked():
    html = '<meta charset="windows-1252"><p>café</p>'.encode("cp1252")
    assert decode(html, sniff_html_meta=True)[0].endswith("café</p>")
    with pytest.raises(ExtractionError, match="not UTF-8 and no charset declared"):
        decode(html)


def test_a_wrong_declaration_falls_back_to_utf8_and_an_unknown_one_is_an_error():
    assert decode("café".encode(), charset="iso-8859-6") == ("café", "utf-8")  # 0xA9 is not ISO-8859-6
    with pytest.raises(ExtractionError, match="declared charset 'x-nonsense' is not known"):
        decode(b"text", charset="x-nonsense")


def test_binary_data_is_refused_as_not_text():
    with pytest.raises(ExtractionError, match="NUL bytes"):
        decode(b"%PDF-1.7\x00\x01\x02")
    with pytest.raises(ExtractionError, match="too many control characters"):
        decode(bytes(range(1, 9)) * 50)


def test_newlines_are_normalised_and_blank_lines_make_paragraphs():
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    assert paragraphs(["  One\u00a0 line ", "", "\t", "Two"]) == "One line\n\nTwo"

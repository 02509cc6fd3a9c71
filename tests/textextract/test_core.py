"""Which extractor reads a document, and what is refused before any of them: size, emptiness, garbage."""

from __future__ import annotations

import pytest

from trustreg.textextract import ExtractionError, detect_media, extract

# --- detection -----------------------------------------------------------------------------------


def test_it_trusts_a_declared_content_type():
    assert detect_media(b"<html>", content_type="text/html; charset=utf-8") == "html"
    assert detect_media(b"anything", content_type="application/pdf") == "pdf"


def test_it_treats_a_plain_text_upload_named_md_as_markdown():
    assert detect_media(b"# Title", content_type="text/plain", name="notes.md") == "markdown"


def test_it_sniffs_when_the_type_is_generic():
    assert detect_media(b"%PDF-1.7 ...", content_type="application/octet-stream") == "pdf"
    assert detect_media(b"<!DOCTYPE html><html>") == "html"
    assert detect_media(b"---\ntitle: x\n---\nbody") == "markdown"
    assert detect_media(b"just words") == "text"


def test_it_refuses_a_content_type_that_is_not_a_document():
    with pytest.raises(ExtractionError, match="not text"):
        extract(b"\x89PNG\r\n", content_type="image/png")


# --- size and garbage ----------------------------------------------------------------------------


def test_it_refuses_a_50_mb_file_by_size_before_parsing():
    data = b"a" * (50 * 1024 * 1024)
    with pytest.raises(ExtractionError, match="too large"):
        extract(data, name="big.txt")


def test_it_refuses_an_empty_document():
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"  \n ")


def test_it_refuses_binary_garbage_with_nul_bytes():
    garbage = bytes(range(256)) * 20
    with pytest.raises(ExtractionError, match="not text"):
        extract(garbage)


def test_it_refuses_control_character_soup_without_nul_bytes():
    garbage = bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 500
    with pytest.raises(ExtractionError, match="control characters"):
        extract(garbage, name="x.txt")


def test_it_refuses_text_in_an_unknown_encoding():
    data = "Données conservées trente jours".encode("latin-1")
    with pytest.raises(ExtractionError, match="unknown encoding"):
        extract(data, name="policy.txt")


def test_it_refuses_a_declared_charset_it_does_not_know():
    with pytest.raises(ExtractionError, match="unknown encoding"):
        extract(b"hello", content_type="text/plain; charset=x-klingon")

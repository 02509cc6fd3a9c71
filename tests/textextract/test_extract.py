from __future__ import annotations

import codecs
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from trustreg.textextract import EXTRACTOR_VERSION, ExtractionError, detect_media, extract
from trustreg.textextract import pdf as pdf_module

SEEDS = FIXTURES / "seeds"


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


# --- markdown ------------------------------------------------------------------------------------


def test_it_reads_front_matter_of_the_seed_blog_into_metadata():
    got = extract((SEEDS / "blog-azure-openai-privacy-2024.md").read_bytes(), name="blog.md")
    assert got.media == "markdown"
    assert got.title == "Azure OpenAI Service Privacy Policies Explained"
    assert got.metadata["author"] == "rafal h"
    assert got.metadata["published"].startswith("2024-02-09")
    assert got.metadata["updated"].startswith("2024-02-09")
    assert not got.text.startswith("---")
    assert "thirty (30) days" in got.text


def test_it_takes_the_first_heading_as_title_without_front_matter():
    got = extract(b"Intro\n\n# Data privacy\n\nText.", name="a.md")
    assert got.title == "Data privacy"


def test_it_reports_malformed_front_matter_as_a_parser_failure():
    with pytest.raises(ExtractionError, match="front matter"):
        extract(b"---\ntitle: [unclosed\n---\nbody", name="a.md")


# --- html ----------------------------------------------------------------------------------------

SCRIPTED_PAGE = (
    b"<html><head><title>Data privacy</title>"
    b'<meta property="article:published_time" content="2025-01-02">'
    b'<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Example">'
    b'<link rel="canonical" href="https://example.com/privacy">'
    b"<script>document.write('SECRET-SCRIPT')</script><style>.x{content:'SECRET-STYLE'}</style></head>"
    b"<body>" + b"<script>var tracking = 'SECRET-SCRIPT';</script>" * 200 + b"<article><h1>Data privacy</h1>"
    b"<p>We do not use customer content to train our models.</p>"
    b"<ul><li>Prompts are retained for 30 days.</li><li>Zero data retention is available.</li></ul>"
    b"<table><tr><th>Standard</th><th>Status</th></tr><tr><td>SOC 2 Type II</td><td>Yes</td></tr></table>"
    b"</article><noscript>SECRET-NOSCRIPT</noscript></body></html>"
)


def test_html_full_of_scripts_yields_only_visible_text():
    got = extract(SCRIPTED_PAGE, content_type="text/html")
    assert "SECRET" not in got.text
    assert "We do not use customer content to train our models." in got.text
    assert "Prompts are retained for 30 days." in got.text


def test_html_keeps_lists_and_tables():
    got = extract(SCRIPTED_PAGE, content_type="text/html")
    assert "Zero data retention is available." in got.text
    assert "SOC 2 Type II" in got.text


def test_html_metadata_comes_from_meta_tags_and_canonical_link():
    got = extract(SCRIPTED_PAGE, content_type="text/html")
    assert got.title == "Data privacy"
    assert got.metadata["published"] == "2025-01-02"
    assert got.metadata["author"] == "Jane Doe"
    assert got.metadata["publisher"] == "Example"
    assert got.metadata["canonical_url"] == "https://example.com/privacy"


def test_html_metadata_falls_back_to_json_ld():
    page = (
        b'<html><head><script type="application/ld+json">{"@type":"Article","datePublished":"2024-05-06",'
        b'"author":{"name":"A. Writer"},"publisher":{"name":"Acme"}}</script></head>'
        b"<body><p>Some text about retention that is long enough.</p></body></html>"
    )
    got = extract(page, content_type="text/html")
    assert got.metadata["published"] == "2024-05-06"
    assert got.metadata["author"] == "A. Writer"
    assert got.metadata["publisher"] == "Acme"


def test_html_paragraphs_are_separated_by_blank_lines():
    got = extract(SCRIPTED_PAGE, content_type="text/html")
    assert "\n\n" in got.text
    assert "\n\n\n" not in got.text


def test_html_that_is_only_scripts_is_refused():
    with pytest.raises(ExtractionError, match="no visible text"):
        extract(b"<html><body><script>x()</script></body></html>", content_type="text/html")


def test_deeply_nested_html_does_not_crash():
    page = b"<html><body>" + b"<div>" * 20_000 + b"<p>deep text</p>" + b"</div>" * 20_000 + b"</body></html>"
    got = extract(page, content_type="text/html")
    assert "deep text" in got.text


def test_html_meta_charset_is_honoured():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Données « ok »</p></body></html>'
    got = extract(page.encode("cp1252"), content_type="text/html")
    assert "Données « ok »" in got.text


# --- pdf -----------------------------------------------------------------------------------------


def test_it_extracts_text_and_title_from_a_pdf(make_pdf):
    data = make_pdf(["Customer data is retained for thirty (30) days.", "Second paragraph."], title="DPA")
    got = extract(data, name="dpa.pdf")
    assert got.media == "pdf"
    assert got.title == "DPA"
    assert "thirty (30) days" in got.text
    assert got.extractor.startswith("pypdf/")


def test_a_truncated_pdf_is_a_clear_parser_failure():
    with pytest.raises(ExtractionError, match="parser failure|not text"):
        extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R", name="broken.pdf")


def test_a_pdf_that_hangs_the_parser_times_out(monkeypatch, make_pdf):
    # A stand-in for a crafted PDF that sends pypdf into an endless loop.
    monkeypatch.setattr(pdf_module, "WORKER_COMMAND", [sys.executable, "-c", "while True: pass"])
    with pytest.raises(ExtractionError, match="timed out"):
        extract(make_pdf(["x"]), name="hang.pdf", pdf_timeout=0.5)


def test_a_pdf_that_blows_up_memory_is_stopped_by_the_limit(monkeypatch, make_pdf):
    worker = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (256*2**20, 256*2**20));"
        "x = bytearray(2**31)"
    )
    monkeypatch.setattr(pdf_module, "WORKER_COMMAND", [sys.executable, "-c", worker])
    with pytest.raises(ExtractionError, match="memory"):
        extract(make_pdf(["x"]), name="bomb.pdf")


def test_the_real_worker_limits_its_own_address_space(monkeypatch, make_pdf):
    # The worker sets RLIMIT_AS before importing pypdf; a tiny limit makes the import itself fail.
    monkeypatch.setattr(pdf_module, "MEMORY_LIMIT_BYTES", 16 * 1024 * 1024)
    with pytest.raises(ExtractionError, match="parser failure"):
        extract(make_pdf(["x"]), name="a.pdf")


def test_a_pdf_without_text_is_refused(make_pdf):
    with pytest.raises(ExtractionError, match="no extractable text"):
        extract(make_pdf([]), name="scan.pdf")


def test_a_decompression_bomb_pdf_is_refused_not_inflated(make_bomb_pdf):
    data = make_bomb_pdf(200)  # ~300 KB that would inflate to 200 MB of content stream
    assert len(data) < 1_000_000
    with pytest.raises(ExtractionError, match="parser failure|memory|timed out"):
        extract(data, name="bomb.pdf", pdf_timeout=10)


def test_a_very_large_page_is_read_by_the_fast_extractor(monkeypatch):
    from trustreg.textextract import html as html_module

    body = b"".join(b"<div><p>Paragraph %d keeps data for 30 days.</p></div>" % i for i in range(1000))
    page = b"<html><body>" + body + b"</body></html>"
    monkeypatch.setattr(html_module, "TRAFILATURA_MAX_CHARS", 10_000)
    got = html_module.extract_html(page)  # in this process, where the smaller limit applies
    assert got.extractor.startswith("selectolax/")
    assert "Paragraph 999 keeps data for 30 days." in got.text


# --- hostile documents -----------------------------------------------------------------------------


def test_deep_json_ld_in_a_page_is_skipped_and_the_text_still_read():
    page = (b'<html><head><script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000
            + b'</script></head><body><p>Visible text.</p></body></html>')
    got = extract(page, content_type="text/html")
    assert "Visible text." in got.text and "published" not in got.metadata


def test_front_matter_nested_deep_enough_to_crash_the_yaml_parser_is_a_clear_failure():
    # ~30,000 nested "[" in 62 KB of front matter segfaulted the process (exit 139).
    document = b"---\ntitle: " + b"[" * 30_000 + b"\n---\n# Body\n"
    code = ("import sys\nfrom trustreg.textextract import ExtractionError, extract\n"
            "try:\n    extract(sys.stdin.buffer.read(), name='a.md')\n"
            "except ExtractionError as exc:\n    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", code], input=document, capture_output=True, timeout=120)
    assert result.returncode == 0, (result.returncode, result.stderr[-300:])
    assert b"parser failure: front matter: line 1, column" in result.stdout
    assert b"nested deeper than 64 levels" in result.stdout


front_matter_pieces = st.sampled_from(
    ["[", "]", "{", "}", "- ", ": ", "&a ", "*a", "'", '"', "\n", "\n  ", "#", "|", "title: ", "date: ",
     "2026-02-30", "9" * 4400, "? ", "\t", "é", "---"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(front_matter_pieces, max_size=40), st.integers(1, 2_000))
def test_any_front_matter_gives_text_or_a_clear_failure(pieces, repeat):
    block = "".join(pieces)
    block = block * repeat if len(block) * repeat < 60_000 else block
    try:
        got = extract(f"---\n{block}\n---\nBody text.\n".encode(), name="a.md")
    except ExtractionError as exc:
        assert str(exc).startswith("parser failure: front matter")
    else:
        assert got.media == "markdown"


html_pieces = st.sampled_from(
    ["<div>", "</div>", "<p>", "<table><tr><td>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "&amp;",
     "&#0;", "<title>", '<meta name="author" content="', '">', '<script type="application/ld+json">', "[{",
     '"author": ', "text ", "<svg><math>", "\x00", "\ufeff", "<b><i><u>"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(html_pieces, max_size=30), st.integers(1, 3_000))
def test_any_html_gives_text_or_a_clear_failure_in_bounded_time(pieces, repeat):
    body = "".join(pieces)
    body = body * repeat if len(body) * repeat < 300_000 else body
    start = time.monotonic()
    try:
        got = extract(f"<html><body>{body}</body></html>".encode(), content_type="text/html", html_timeout=5)
    except ExtractionError as exc:
        assert str(exc).split(":", 1)[0] in ("not text", "parser failure", "timed out")
    else:
        assert got.media == "html"
    assert time.monotonic() - start < 50  # the limit, with a 10x margin


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=8)), min_size=1, max_size=6),
       st.integers(50, 10_000))
def test_any_damaged_pdf_gives_text_or_a_clear_failure_in_bounded_time(edits, keep):
    from tests.textextract.conftest import minimal_pdf

    data = bytearray(minimal_pdf(["We keep prompts for 30 days.", "(nested (parens)) and \\ escapes"]))
    for where, patch in edits:
        where %= len(data)
        data[where:where + len(patch)] = patch
    start = time.monotonic()
    try:
        got = extract(bytes(data[:keep]), content_type="application/pdf", pdf_timeout=5)
    except ExtractionError as exc:
        assert str(exc).split(":", 1)[0] in ("not text", "parser failure", "timed out")
    else:
        assert got.media == "pdf"
    assert time.monotonic() - start < 50  # the limit, with a 10x margin

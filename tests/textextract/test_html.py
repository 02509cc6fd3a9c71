"""HTML: only visible text (lists and tables kept), metadata from meta tags and JSON-LD, hostile pages bounded."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.textextract import ExtractionError, extract

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


def test_deep_json_ld_in_a_page_is_skipped_and_the_text_still_read():
    page = (b'<html><head><script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000
            + b'</script></head><body><p>Visible text.</p></body></html>')
    got = extract(page, content_type="text/html")
    assert "Visible text." in got.text and "published" not in got.metadata


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

"""PDF: text and title read in a limited subprocess; truncated, hanging, bombing or damaged files fail clearly."""

from __future__ import annotations

import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.textextract import ExtractionError, extract
from trustreg.textextract import pdf as pdf_module

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


def test_a_pdf_that_sends_the_parser_into_an_endless_loop_is_stopped_by_its_cpu_limit(monkeypatch, make_pdf):
    # A stand-in for a crafted PDF that sends pypdf into an endless loop, limited as the real worker
    # limits itself (from the environment the parent hands it).
    worker = ("import os, resource; cpu = int(os.environ['TRUSTREG_PDF_CPU_SECONDS']);"
              "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))\nwhile True: pass")
    monkeypatch.setattr(pdf_module, "WORKER_COMMAND", [sys.executable, "-c", worker])
    with pytest.raises(ExtractionError, match=r"^timed out: the PDF parser used more than its 1 s of CPU$"):
        extract(make_pdf(["x"]), name="hang.pdf", pdf_timeout=0.5)


def test_a_pdf_parser_that_waits_without_using_cpu_is_stopped_by_the_wall_clock_backstop(monkeypatch, make_pdf):
    monkeypatch.setattr(pdf_module, "WORKER_COMMAND", [sys.executable, "-c", "import time; time.sleep(600)"])
    with pytest.raises(ExtractionError, match=r"^timed out: the PDF parser took longer than 2 s$"):
        extract(make_pdf(["x"]), name="hang.pdf", pdf_timeout=0.2)  # WALL_CLOCK_MARGIN times the limit


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

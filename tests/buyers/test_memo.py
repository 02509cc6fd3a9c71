"""The vendor-file memo: deterministic Markdown, quotes found in their kept copies, a real PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.domain.test_bundle import files_of
from tests.domain.test_copies import citing, copy_files
from trustreg.buyers import memo, profiles
from trustreg.domain.bundle import parse_files
from trustreg.domain.memo import render_markdown
from trustreg.domain.quotes import quote_found
from trustreg.evidence.models import Blob
from trustreg.registry.selectors import catalogue
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def with_copy():
    bundle = parse_files(citing({**files_of(), **copy_files()}, "are NOT available to OpenAI"))
    registry_load(actor="test", bundle=bundle)
    return bundle


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_the_same_registry_state_and_date_give_byte_identical_markdown(with_copy):
    first = render_markdown(memo.memo_input("azure-openai", TODAY))
    second = render_markdown(memo.memo_input("azure-openai", TODAY))
    assert first == second
    assert f"Registry as of:** {TODAY.isoformat()}" in first
    assert f"/offerings/azure-openai/?as_of={TODAY.isoformat()}" in first


def test_every_quote_with_a_kept_copy_is_found_in_that_copy(with_copy):
    text = render_markdown(memo.memo_input("azure-openai", TODAY))
    pairs = re.findall(r"kept copy sha256 ([0-9a-f]{64})[^\n]*\n\n {3}> ([^\n]+)", text)
    assert pairs, "the memo names no kept copy"
    for sha, quote in pairs:
        copy = bytes(Blob.objects.get(sha256=sha).data).decode("utf-8")
        assert quote_found(_unescape(quote), copy), quote


def test_the_memo_holds_every_cell_the_watch_outs_and_the_disclaimer(with_copy):
    data = memo.memo_input("azure-openai", TODAY)
    text = render_markdown(data)
    for cell in data.cells:
        assert f"### {cell.cell.dimension.label}: {cell.cell.label}" in text
    assert "## Watch-outs (2)" in text
    assert "## Evidence to confirm" in text
    assert "## Disclaimer" in text and "not a legal determination" in text
    assert "excerpt of a stored public copy of the page" in text


def test_a_profile_adds_its_verdict_and_the_steps_in_order(with_copy):
    profile = profiles.preset("eu-personal-data", catalogue())
    text = render_markdown(memo.memo_input("azure-openai", TODAY, profile, "preset=eu-personal-data"))
    assert "## Requirements: EU personal data" in text
    assert "1. [Residency] Configure it yourself: deploy the model as a DataZone EU deployment" in text
    assert "/fit/?preset=eu-personal-data" in text


def test_the_pdf_is_a_real_document_with_the_memo_in_it(with_copy):
    text = render_markdown(memo.memo_input("azure-openai", TODAY))
    pdf = memo.render_pdf(text, "Vendor-file memo: Azure OpenAI Service")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "Vendor-file memo: Azure OpenAI Service" in first
    assert "Watch-outs (2)" in first


def test_the_pdf_renderer_fetches_nothing_a_hostile_note_names():
    text = "# t\n\n![x](http://169.254.169.254/latest/meta-data/) <img src=http://127.0.0.1:1/x>\n"
    html = memo.markdown_to_html(text, "t")
    assert "<img src=http://127.0.0.1" not in html
    with pytest.raises(ValueError, match="fetches nothing"):
        memo._refusing_fetcher().fetch("http://169.254.169.254/")
    assert memo.render_pdf(text, "t").startswith(b"%PDF-")


def test_memo_pages_answer_markdown_and_pdf_and_404_for_unknown_offerings(client, with_copy):
    md_response = client.get("/offerings/azure-openai/memo.md")
    assert md_response.status_code == 200
    assert md_response["Content-Type"] == "text/markdown; charset=utf-8"
    assert md_response.content.decode().startswith("# Vendor-file memo: Azure OpenAI Service")
    pdf_response = client.get("/offerings/azure-openai/memo.pdf?preset=phi-hipaa")
    assert pdf_response.status_code == 200 and pdf_response.content.startswith(b"%PDF-")
    assert client.get("/offerings/no-such/memo.md").status_code == 404
    assert client.get("/offerings/azure-openai/memo.md?preset=nope").status_code == 400


def test_the_memo_command_writes_markdown_or_pdf(with_copy, tmp_path, capsys):
    out = tmp_path / "memo.md"
    call_command("memo", "azure-openai", "-o", str(out), "--as-of", TODAY.isoformat())
    assert out.read_text(encoding="utf-8") == render_markdown(memo.memo_input("azure-openai", TODAY))
    pdf = tmp_path / "memo.pdf"
    call_command("memo", "azure-openai", "--format", "pdf", "-o", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "wrote" in capsys.readouterr().err


def test_the_memo_command_names_what_is_wrong(with_copy):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no-such"):
        call_command("memo", "no-such")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("memo", "azure-openai", "--as-of", "2026-02-30")


def test_every_offering_page_links_its_memo_pinned_to_the_day_it_shows(client, with_copy):
    body = client.get("/offerings/azure-openai/").content.decode()
    assert 'href="/offerings/azure-openai/memo.md"' in body
    assert 'href="/offerings/azure-openai/memo.pdf"' in body
    past = client.get(f"/offerings/azure-openai/?as_of={TODAY.isoformat()}").content.decode()
    assert f'href="/offerings/azure-openai/memo.pdf?as_of={TODAY.isoformat()}"' in past

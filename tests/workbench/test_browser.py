"""In Debian's Chromium: a reviewer dismisses a flag and the public cell shows it; a visitor's
correction reaches the queue. Screenshots go to test-artifacts/ (gitignored)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import chromium
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise

from .conftest import PASSWORD, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser():
    # Fails (never skips) without Debian's chromium: `make test` installs it.
    with chromium() as b:
        yield b


def test_a_reviewer_dismisses_a_flag_and_a_visitor_corrects_a_cell(live_server, registry, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    make_user("rita", "reviewer")
    flag, _ = flag_raise(
        actor="test",
        kind=Flag.Kind.CONFLICTING,
        key="browser",
        title="Scope not confirmed",
        offering_id="azure-openai",
        dimension_id="soc2_type2",
    )
    reviewer = browser.new_page(viewport={"width": 1280, "height": 900})
    reviewer.goto(f"{live_server.url}/workbench/")
    assert "/accounts/login/" in reviewer.url
    reviewer.fill("#id_username", "rita")
    reviewer.fill("#id_password", PASSWORD)
    reviewer.click("button[type=submit]")
    reviewer.click("text=Review queue")
    reviewer.click("text=Scope not confirmed")
    reviewer.select_option("#id_decision", "dismissed")
    reviewer.fill("#id_reason", "Azure OpenAI is in the SOC 2 scope appendix")
    reviewer.screenshot(path=str(ARTIFACTS / "1-reviewer-decides-flag.png"), full_page=True)
    reviewer.click("text=Record decision")
    assert "shown on the public cell" in reviewer.inner_text(".messages")

    visitor = browser.new_page(viewport={"width": 1280, "height": 900})
    visitor.goto(f"{live_server.url}/offerings/azure-openai/")
    cell = visitor.locator("#soc2_type2")
    today = timezone.localdate().isoformat()
    assert f"[human {today}] Dismissed: Azure OpenAI is in the SOC 2 scope appendix" in cell.inner_text()
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=str(ARTIFACTS / "2-public-cell-shows-dismissal.png"))

    visitor.locator("#retention_zdr").get_by_text("Propose a correction to this cell").click()
    visitor.select_option("#id_proposed_grade", "yes_public")
    visitor.fill("#id_evidence_url", "https://learn.microsoft.com/azure/ai-foundry/data-privacy")
    visitor.fill("#id_quote", "Zero data retention is available")
    visitor.fill("#id_name", "Pat Public")
    visitor.check("#id_credit_consent")
    visitor.screenshot(path=str(ARTIFACTS / "3-visitor-correction-form.png"), full_page=True)
    visitor.click("text=Send correction")
    assert "/corrections/" in visitor.url and "Received" in visitor.inner_text("main")
    visitor.screenshot(path=str(ARTIFACTS / "4-correction-status-page.png"), full_page=True)

    reviewer.goto(f"{live_server.url}/workbench/queue/?kind=correction")
    assert "Correction to azure-openai / retention_zdr" in reviewer.inner_text("main")
    reviewer.screenshot(path=str(ARTIFACTS / "5-correction-in-queue.png"), full_page=True)

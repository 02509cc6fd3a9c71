"""Evidence strength at a glance on every public page that shows a grade."""

from __future__ import annotations

import re

import pytest

from trustreg.domain.strength import STRENGTH_INFO, Strength
from trustreg.evidence.models import Citation, QuoteCheck, QuoteDates, quote_key
from trustreg.evidence.services import quote_checks_record, snapshot_add
from trustreg.registry import selectors

from .test_pages import text_of

pytestmark = pytest.mark.django_db

LEGEND = "Evidence strength"
PAGES = ["/", "/offerings/azure-openai/", "/questions/hipaa-baa/", "/compare/azure-openai-vs-openai-api/",
         "/methodology/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_showing_grades_explains_the_marks_in_one_legend(client, loaded, url):
    page = text_of(client.get(url))
    assert page.count(LEGEND) >= 1
    for info in STRENGTH_INFO.values():
        assert f"{info.mark} {info.label}" in page


@pytest.mark.parametrize("url", PAGES[:4])
def test_each_grade_carries_a_strength_mark_with_confidence_and_age_in_text(client, loaded, url):
    html = client.get(url).content.decode()
    marks = re.findall(r'<span class="ev ev-\w+" title="Evidence: ([^"]+)"><span class="ev-mark" aria-hidden="true">',
                       html)
    assert marks
    # the mark's meaning is text (title and, in the grid, visually hidden text), never colour alone
    # confidence where one is recorded (nothing is printed where none is), and always the age
    assert all("verified" in m for m in marks)
    assert any("confidence low" in m or "confidence high" in m or "confidence medium" in m for m in marks)


def test_grid_cells_link_to_the_cell_on_the_offering_page(client, loaded):
    html = client.get("/").content.decode()
    links = re.findall(r'<a class="cell-link" href="/offerings/([\w-]+)/#(\w+)">', html)
    dims = [d.id for d in selectors.catalogue().dimensions]
    assert len(links) == 18 * len(dims)
    offering = client.get("/offerings/azure-openai/").content.decode()
    assert all(f'id="{d}"' in offering for d in dims)


def test_the_grid_shows_secondary_only_cells_as_such(client, loaded):
    html = client.get("/offerings/openai-api/").content.decode()
    assert "Secondary only" in html
    row = client.get("/").content.decode().split('href="/offerings/openai-api/"')[1].split("</tr>")[0]
    assert 'title="Evidence: Secondary only: only secondary sources cited · confidence low · ' in row


def test_the_offering_page_keeps_watch_outs_and_adds_evidence_to_confirm(client, loaded):
    page = text_of(client.get("/offerings/azure-openai/"))
    assert "Watch-outs 2" in page
    view = selectors.offering_view("azure-openai")
    confirm = [c.dimension.label for c, _ in view.to_confirm]
    assert f"Evidence to confirm {len(confirm)}" in page
    section = page.split("Evidence to confirm")[1].split("At a glance")[0]
    assert all(label in section for label in confirm)


def test_primary_in_the_evidence_column_means_a_quote_found_in_a_kept_copy(client, loaded):
    citation = (Citation.objects.filter(primary=True, cell__party_id="microsoft-azure", cell__dimension_id="hipaa_baa")
                .exclude(quote="").select_related("source").first())
    assert citation is not None
    # Forget the checks the bundled kept copy recorded, so the quote starts unchecked.
    QuoteCheck.objects.filter(citation__source=citation.source, citation__quote=citation.quote).delete()
    Citation.objects.filter(source=citation.source, quote=citation.quote).update(
        quote_last_checked=None, quote_last_seen=None)
    QuoteDates.objects.filter(source=citation.source, quote_hash=quote_key(citation.quote)).delete()
    before = selectors.offering_view("azure-openai").strengths["hipaa_baa"]
    assert before.strength is Strength.PRIMARY_UNCHECKED
    unchecked = text_of(client.get("/offerings/azure-openai/")).split("At a glance")[1]
    assert "HIPAA BAA ● Yes, public ? Primary, quote unchecked" in unchecked
    snapshot = snapshot_add(actor="test", source=citation.source, text=f"Terms. {citation.quote} More terms.")
    quote_checks_record(checks=[(citation.pk, snapshot, True)])
    after = selectors.offering_view("azure-openai").strengths["hipaa_baa"]
    assert after.strength is Strength.PRIMARY_QUOTED
    glance = text_of(client.get("/offerings/azure-openai/")).split("At a glance")[1]
    assert "HIPAA BAA ● Yes, public ✔ Primary, quote found" in glance


def test_the_atom_feed_gives_each_grade_its_evidence_strength(client, loaded):
    body = client.get("/changelog.atom").content.decode()
    assert body.count("Evidence:") >= 1
    assert "confidence" in body.split("Evidence:")[1][:400]

"""A cell change through the workbench pages: the editor's form, the reviewer's publish button."""

import pytest

from trustreg.registry.models import Cell, Revision
from trustreg.workbench.models import Draft

pytestmark = pytest.mark.django_db
NEW = "/workbench/cells/party/microsoft-azure/soc2_type2/draft/"


def form_data(source, **overrides):
    data = {
        "grade": "partial",
        "confidence": "medium",
        "notes": "Only part of the service is in scope.",
        "tier": "enterprise_only",
        "verified": "2026-11-20",
        "fact_report_cadence": "annual",
        "kind": "vendor_changed",
        "reason": "The vendor narrowed the scope",
        "cit-TOTAL_FORMS": "1",
        "cit-INITIAL_FORMS": "0",
        "cit-MIN_NUM_FORMS": "0",
        "cit-MAX_NUM_FORMS": "30",
        "cit-0-source": str(source.pk),
        "cit-0-quote": "NOT  available to other\ncustomers",
        "cit-0-role": "supports",
        "cit-0-primary": "on",
    }
    return {**data, **overrides}


def test_an_editor_drafts_through_the_form_and_another_reviewer_publishes(
    registry, editor, reviewer, source_with_text, client
):
    client.force_login(editor)
    response = client.post(NEW, form_data(source_with_text))
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workbench/drafts/{draft.pk}/"
    assert draft.data["grade"] == "partial" and draft.data["facts"] == {"report_cadence": "annual"}
    client.force_login(reviewer)
    page = client.get(f"/workbench/drafts/{draft.pk}/").content.decode()
    assert "changes the grade" in page and "Publish" in page
    client.post(f"/workbench/drafts/{draft.pk}/publish/", {"version": draft.version})
    assert Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2").grade == "partial"
    assert Revision.objects.filter(kind="vendor_changed", reviewer=reviewer).count() == 1
    public = client.get("/offerings/azure-openai/").content.decode()
    assert "Only part of the service is in scope." in public


def test_the_form_names_the_problem_and_saves_nothing(registry, editor, source_with_text, client):
    client.force_login(editor)
    response = client.post(NEW, form_data(source_with_text, **{"cit-0-quote": "retained forever and ever"}))
    assert response.status_code == 200 and not Draft.objects.exists()
    assert "sources[0].quote: the quote was not found" in response.content.decode()
    response = client.post(
        NEW, form_data(source_with_text, fact_report_cadence="", **{"notes": "x" * 20_001})
    )
    assert "at most 20000 characters" in response.content.decode() and not Draft.objects.exists()


def test_a_flag_about_another_cell_is_not_attached_from_the_address_bar(
    registry, editor, reviewer, source_with_text, client
):
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise

    other, _ = flag_raise(actor="test", kind=Flag.Kind.SOURCE_GONE, key="other", title="Other cell",
                                offering_id="openai-api", dimension_id="iso_27001")
    client.force_login(editor)
    assert "about another cell" in client.get(f"{NEW}?flag={other.pk}").content.decode()
    client.post(f"{NEW}?flag={other.pk}", form_data(source_with_text))
    for draft in Draft.objects.all():
        assert draft.flag_id != other.pk
        client.force_login(reviewer)
        client.post(f"/workbench/drafts/{draft.pk}/publish/", {"version": draft.version})
    other.refresh_from_db()
    assert other.status == Flag.Status.OPEN


def test_the_draft_page_shows_its_body_once_from_a_small_template(
    registry, editor, reviewer, source_with_text, client
):
    from pathlib import Path

    import trustreg.workbench

    client.force_login(editor)
    client.post(NEW, form_data(source_with_text))
    draft = Draft.objects.get()
    client.force_login(reviewer)
    page = client.get(f"/workbench/drafts/{draft.pk}/").content.decode()
    assert page.count("<h1>Draft #") == 1
    assert page.count("<h2>What the draft changes</h2>") == 1
    assert page.count(f"/workbench/drafts/{draft.pk}/publish/") == 1
    assert page.count("<strong>Public reason:</strong>") == 1
    template = Path(trustreg.workbench.__file__).parent / "templates" / "workbench" / "draft.html"
    assert len(template.read_text(encoding="utf-8").splitlines()) < 100

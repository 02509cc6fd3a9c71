"""The two-person rule: owners, versions, take-overs, and who may publish."""

import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.registry.models import Cell, Revision
from trustreg.registry.publish import Holder, current_record
from trustreg.workbench import drafts, ownership
from trustreg.workbench.models import Draft

from .conftest import make_user

pytestmark = pytest.mark.django_db

AZURE = Holder("party", "microsoft-azure")


def proposal(source, grade, **fields):
    return drafts.cell_input(
        {"grade": grade, "verified": "2026-11-20", **fields},
        [drafts.CitationInput(source_id=source.pk, quote="NOT available to other customers")],
        drafts.current_annotations(AZURE, "soc2_type2"),
    )


def save(actor, data, draft=None):
    return drafts.draft_save(
        actor=actor, holder=AZURE, dimension_id="soc2_type2", data=data, kind="vendor_changed",
        reason="The vendor changed its page", draft=draft,
    )


def test_an_admin_cannot_edit_another_editors_draft_without_taking_it_over(
    registry, editor, admin_user, source_with_text
):
    draft = save(editor, proposal(source_with_text, "partial"))
    with pytest.raises(drafts.ChangeRefused, match="take it over first"):
        save(admin_user, proposal(source_with_text, "no"), draft=draft)
    draft.refresh_from_db()
    assert draft.data["grade"] == "partial" and draft.version == 1 and draft.owner == editor


def test_taking_over_a_draft_is_an_audited_act_with_a_reason(registry, editor, admin_user, source_with_text):
    draft = save(editor, proposal(source_with_text, "partial"))
    with pytest.raises(drafts.ChangeRefused, match="reason"):
        ownership.draft_take_over(actor=admin_user, draft=draft, reason="  ")
    ownership.draft_take_over(actor=admin_user, draft=draft, reason="Edna is away this week")
    assert draft.owner == admin_user
    event = AuditEvent.objects.get(action="draft.take_over")
    assert event.actor == admin_user and event.detail["from"] == "edna"
    assert event.detail["reason"] == "Edna is away this week"


def test_nobody_who_edited_any_version_may_publish_and_the_changelog_credits_them_all(
    registry, editor, admin_user, reviewer, source_with_text
):
    editor.first_name, admin_user.first_name = "Edna", "Ada"
    editor.save(), admin_user.save()
    draft = save(editor, proposal(source_with_text, "partial"))
    ownership.draft_take_over(actor=admin_user, draft=draft, reason="Finishing it")
    draft = save(admin_user, proposal(source_with_text, "no", notes="Withdrawn by the vendor."), draft=draft)
    with pytest.raises(drafts.ChangeRefused, match="two-person rule"):
        drafts.draft_publish(actor=admin_user, draft=draft, version=draft.version)
    revision = drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    assert revision.author == editor and list(revision.editors.all()) == [editor, admin_user]
    from trustreg.registry import changelog

    assert changelog.Entry(revision).author_name == "Edna, Ada"


def test_publish_refuses_a_draft_changed_after_the_reviewer_loaded_it(
    registry, editor, reviewer, source_with_text
):
    draft = save(editor, proposal(source_with_text, "partial"))
    seen = draft.version
    save(editor, proposal(source_with_text, "no"), draft=draft)
    revisions = Revision.objects.count()
    with pytest.raises(drafts.ChangeRefused, match="changed since you loaded it"):
        drafts.draft_publish(actor=reviewer, draft=draft, version=seen)
    assert Revision.objects.count() == revisions
    assert Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2").grade != "no"
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFT and draft.version == seen + 1


def test_every_save_keeps_a_numbered_version_with_its_editor(registry, editor, source_with_text):
    draft = save(editor, proposal(source_with_text, "partial"))
    save(editor, proposal(source_with_text, "no"), draft=draft)
    versions = list(draft.versions.values_list("number", "editor__username", "data__grade"))
    assert versions == [(1, "edna", "partial"), (2, "edna", "no")]


def test_a_grade_change_keeping_the_old_summary_needs_the_reviewer_to_confirm_it(
    registry, editor, reviewer, source_with_text
):
    old = current_record(AZURE, "soc2_type2")
    draft = save(editor, proposal(source_with_text, "partial", summary=old.summary))
    with pytest.raises(drafts.ChangeRefused, match="summary: the grade changes"):
        drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    revision = drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version, summary_confirmed=True)
    assert revision.after["summary"] == old.summary
    assert AuditEvent.objects.get(action="draft.publish").detail["summary_confirmed"] is True


def test_a_rewritten_summary_needs_no_confirmation(registry, editor, reviewer, source_with_text):
    draft = save(editor, proposal(source_with_text, "partial", summary="Only part of Azure is covered."))
    assert drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version).after["grade"] == "partial"


def test_over_http_a_stale_or_unnamed_version_is_refused_and_the_take_over_is_a_button(
    registry, editor, reviewer, admin_user, source_with_text, client
):
    draft = save(editor, proposal(source_with_text, "partial"))
    client.force_login(admin_user)
    edit = client.get(f"/workbench/drafts/{draft.pk}/edit/")
    assert edit.status_code == 302  # sent back to the draft page, which offers the take-over
    page = client.get(f"/workbench/drafts/{draft.pk}/").content.decode()
    assert "Take over the draft" in page and 'name="version" value="1"' in page
    client.post(f"/workbench/drafts/{draft.pk}/publish/")  # no version named
    client.post(f"/workbench/drafts/{draft.pk}/publish/", {"version": "7"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFT
    client.post(f"/workbench/drafts/{draft.pk}/take-over/", {"reason": "Edna asked me to finish it"})
    draft.refresh_from_db()
    assert draft.owner == admin_user
    assert "you can no longer" not in client.get(f"/workbench/drafts/{draft.pk}/").content.decode()
    other = make_user("otto", "reviewer")
    client.force_login(other)
    client.post(f"/workbench/drafts/{draft.pk}/publish/", {"version": "1"})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PUBLISHED and draft.reviewer == other

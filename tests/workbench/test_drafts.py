import pytest
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.models import AuditEvent
from trustreg.evidence.models import Citation
from trustreg.registry.models import Cell, Revision
from trustreg.registry.publish import Holder, current_record
from trustreg.registry.services import record_data
from trustreg.workbench import drafts
from trustreg.workbench.models import Draft

pytestmark = pytest.mark.django_db


def today() -> str:
    return timezone.localdate().isoformat()

AZURE = Holder("party", "microsoft-azure")


def proposal(source, grade="yes_public", quote="NOT available to other customers", **fields):
    citations = [drafts.CitationInput(source_id=source.pk, quote=quote)] if source else []
    return drafts.cell_input(
        {"grade": grade, "verified": "2026-11-20", **fields},
        citations,
        drafts.current_annotations(AZURE, "soc2_type2"),
    )


def save(editor, data, kind="vendor_changed", reason="The vendor changed its page"):
    return drafts.draft_save(
        actor=editor, holder=AZURE, dimension_id="soc2_type2", data=data, kind=kind, reason=reason
    )


def test_an_editor_drafts_and_a_reviewer_publishes_one_revision(registry, editor, reviewer, source_with_text):
    before = record_data(current_record(AZURE, "soc2_type2"))
    draft = save(editor, proposal(source_with_text, grade="partial", notes="Changed."))
    revisions = Revision.objects.count()
    revision = drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    assert Revision.objects.count() == revisions + 1
    # The new grade is verified on the day it is published, whatever date the draft carried.
    assert revision.before == before and revision.after == {**draft.data, "verified": today()}
    assert revision.kind == "vendor_changed" and revision.author == editor and revision.reviewer == reviewer
    cell = Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2")
    assert cell.grade == "partial"
    citation = Citation.objects.get(cell=cell)
    assert citation.snapshot.source == source_with_text
    draft.refresh_from_db()
    assert draft.status == Draft.Status.PUBLISHED and draft.revision == revision
    assert AuditEvent.objects.filter(action="draft.publish").exists()


def test_a_grade_change_needs_a_reviewer_other_than_its_author(
    registry, reviewer, reviewer2, source_with_text
):
    draft = save(reviewer, proposal(source_with_text, grade="partial"))
    with pytest.raises(drafts.ChangeRefused, match="two-person rule"):
        drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    assert drafts.draft_publish(actor=reviewer2, draft=draft, version=draft.version).reviewer == reviewer2


def test_an_author_may_not_publish_even_a_change_that_keeps_the_grade(
    registry, reviewer, source_with_text
):
    current = current_record(AZURE, "soc2_type2")
    draft = save(
        reviewer, proposal(source_with_text, grade=current.grade, notes="Clarified."), kind="editorial"
    )
    with pytest.raises(drafts.ChangeRefused, match="two-person rule"):
        drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)


def test_a_quote_that_is_not_in_the_snapshot_is_refused(registry, editor, source_with_text):
    with pytest.raises(drafts.ChangeRefused, match="not found in the snapshot"):
        save(editor, proposal(source_with_text, grade="partial", quote="retained for 90 days"))
    assert not Draft.objects.exists()


def test_a_grade_change_without_evidence_is_refused(registry, editor):
    with pytest.raises(drafts.ChangeRefused, match="grade change needs evidence"):
        save(editor, proposal(None, grade="no"))


def test_facts_are_validated_against_the_dimension(registry, editor, source_with_text):
    with pytest.raises(drafts.ChangeRefused, match="facts"):
        save(editor, proposal(source_with_text, grade="partial", facts={"no_such_fact": True}))


def test_an_offering_cell_over_an_inherited_one_must_say_why(registry, editor, source_with_text):
    data = proposal(source_with_text, grade="partial")
    with pytest.raises(drafts.ChangeRefused, match="override_reason"):
        drafts.draft_save(
            actor=editor,
            holder=Holder("offering", "azure-openai"),
            dimension_id="soc2_type2",
            data=data,
            kind="editorial",
            reason="x",
        )


def test_publishing_refuses_a_draft_whose_cell_changed_meanwhile(
    registry, editor, reviewer, reviewer2, source_with_text
):
    first = save(editor, proposal(source_with_text, grade="partial"))
    second = save(editor, proposal(source_with_text, grade="unclear", summary="Now unclear."))
    drafts.draft_publish(actor=reviewer, draft=first, version=first.version)
    with pytest.raises(drafts.ChangeRefused, match="changed after this draft"):
        drafts.draft_publish(actor=reviewer2, draft=second, version=second.version)


def test_nothing_is_half_written_when_publishing_fails(
    registry, editor, reviewer, source_with_text, monkeypatch
):
    draft = save(editor, proposal(source_with_text, grade="partial"))
    cells, revisions = list(Cell.objects.values()), Revision.objects.count()
    citations = Citation.objects.count()

    def broken(**kwargs):
        if kwargs["action"] == "draft.publish":
            raise RuntimeError("disk full")
        return real(**kwargs)

    real = audit.record
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    assert list(Cell.objects.values()) == cells
    assert Revision.objects.count() == revisions and Citation.objects.count() == citations
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DRAFT


def test_every_published_change_leaves_the_cell_equal_to_its_latest_revision(registry, editor, reviewer, source_with_text):
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise
    from trustreg.workbench import flags

    draft = save(editor, proposal(source_with_text, grade="partial"))
    drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    scope_holder = Holder("offering", "azure-openai")
    scope = drafts.draft_save(
        actor=editor, holder=scope_holder, dimension_id="soc2_type2", kind="editorial", reason="scope",
        data={"scope": {"notes": "Only the EU data zone was checked.",
                        "annotations": drafts.current_annotations(scope_holder, "soc2_type2")}})
    drafts.draft_publish(actor=reviewer, draft=scope, version=scope.version)
    flag, _ = flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="r", title="t",
                               offering_id="azure-openai", dimension_id="soc2_type2")
    flags.flag_decide(actor=reviewer, flag=flag, decision="dismissed", reason="Checked by hand")
    for holder in (AZURE, scope_holder):
        latest = Revision.objects.filter(holder=str(holder), dimension_id="soc2_type2").latest("published_at", "id")
        assert latest.after == record_data(current_record(holder, "soc2_type2"))


def test_publishing_a_draft_written_for_a_flag_resolves_the_flag(registry, editor, reviewer, source_with_text):
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise

    flag, _ = flag_raise(actor="test", kind=Flag.Kind.SOURCE_CHANGED, key="f", title="Page changed",
                               party_id="microsoft-azure", dimension_id="soc2_type2")
    draft = drafts.draft_save(actor=editor, holder=AZURE, dimension_id="soc2_type2", flag=flag,
                              data=proposal(source_with_text, grade="partial"), kind="vendor_changed",
                              reason="Scope narrowed")
    revision = drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RESOLVED and f"revision {revision.pk}" in flag.decision_reason


def test_a_draft_cannot_attach_a_flag_about_another_cell(registry, editor, reviewer, source_with_text):
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise

    other, _ = flag_raise(actor="test", kind=Flag.Kind.SOURCE_GONE, key="other", title="Other cell",
                                offering_id="openai-api", dimension_id="iso_27001")
    with pytest.raises(drafts.ChangeRefused, match="about another cell"):
        drafts.draft_save(actor=editor, holder=AZURE, dimension_id="soc2_type2", flag=other,
                          data=proposal(source_with_text, grade="partial"), kind="vendor_changed",
                          reason="Scope narrowed")
    assert not Draft.objects.exists()


def test_a_flag_on_an_offering_is_about_the_party_cell_it_inherits(registry, editor, source_with_text):
    from trustreg.flags.models import Flag
    from trustreg.flags.services import flag_raise

    own, _ = flag_raise(actor="test", kind=Flag.Kind.EVIDENCE_EXPIRED, key="own", title="Expired",
                              offering_id="azure-openai", dimension_id="soc2_type2")
    assert drafts.flag_is_about(own, AZURE, "soc2_type2")
    assert not drafts.flag_is_about(own, AZURE, "iso_27001")
    assert not drafts.flag_is_about(own, Holder("party", "openai"), "soc2_type2")


def test_a_published_grade_change_is_verified_on_the_day_a_person_published_it(
    registry, editor, reviewer, source_with_text, client
):
    draft = save(editor, proposal(source_with_text, grade="partial"))  # the draft says 2026-11-20
    drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    cell = Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2")
    assert cell.verified.isoformat() == today()
    soc2 = client.get("/offerings/azure-openai/").content.decode().split('id="soc2_type2"', 1)[1]
    assert f"verified {today()}" in soc2.split("</header>", 1)[0]


def test_a_quote_checked_on_publish_is_shown_as_found_with_the_newest_verification(
    registry, editor, reviewer, source_with_text, client
):
    drafts.draft_publish(
        actor=reviewer, draft=save(editor, proposal(source_with_text, grade="partial")), version=1
    )
    soc2 = client.get("/offerings/azure-openai/").content.decode().split('id="soc2_type2"', 1)[1]
    soc2 = soc2.split("</article>", 1)[0]
    assert f"quote found {today()}" in soc2 and "quote not checked yet" not in soc2
    source = client.get(f"/sources/{source_with_text.public_id}/").content.decode()
    row = source.split("NOT available to other customers", 1)[1].split("</tr>", 1)[0]
    assert row.count(today()) == 2  # quote last found, and last verified by a person


def test_an_edit_that_verifies_nothing_new_keeps_the_date_of_the_last_verification(
    registry, editor, reviewer, source_with_text
):
    drafts.draft_publish(
        actor=reviewer, draft=save(editor, proposal(source_with_text, grade="partial")), version=1
    )
    Cell.objects.filter(party_id="microsoft-azure", dimension_id="soc2_type2").update(verified="2026-11-21")
    current = current_record(AZURE, "soc2_type2")
    draft = save(editor, proposal(source_with_text, grade=current.grade, verified="2026-11-21",
                                    notes="Clarified."), kind="editorial")
    drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    cell = Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2")
    assert cell.verified.isoformat() == "2026-11-21"

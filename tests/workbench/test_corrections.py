import datetime as dt

import pytest
from django.utils import timezone

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.evidence.models import Source
from trustreg.flags.models import Flag
from trustreg.registry.models import Revision
from trustreg.workbench import corrections, drafts
from trustreg.workbench.errors import ChangeRefused
from trustreg.workbench.models import Correction, Draft

pytestmark = pytest.mark.django_db
FORM_URL = "/offerings/azure-openai/cells/retention_zdr/correction/"


def proposal(**overrides):
    values = {
        "offering_id": "azure-openai",
        "dimension_id": "retention_zdr",
        "proposed_grade": "yes_public",
        "evidence_url": "https://learn.example.com/retention",
        "quote": "Zero data retention is available to all",
        "name": "Pat Public",
        "email": "pat@example.org",
        "credit_consent": True,
    }
    return corrections.Proposal(**{**values, **overrides})


def triage(outcome, **overrides):
    values = {"public_reason": "The vendor's retention page says so.", "note": "Plausible; needs a snapshot.",
              "target": "party"}
    return corrections.Triage(outcome=outcome, **{**values, **overrides})


def test_a_correction_is_stored_with_a_token_and_raises_a_flag(registry):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    assert len(corr.token) >= 32 and corr.status == Correction.Status.RECEIVED
    assert Flag.objects.get(kind=Flag.Kind.CORRECTION, status="open").corrections.get() == corr
    assert AuditEvent.objects.filter(action="correction.submit").exists()


def test_a_correction_without_an_evidence_url_is_refused(registry):
    with pytest.raises(drafts.ChangeRefused, match="evidence URL"):
        corrections.correction_submit(address_key="a", proposal=proposal(evidence_url=""))
    assert not Correction.objects.exists() and not Flag.objects.exists()


def test_oversized_text_is_refused(registry):
    with pytest.raises(drafts.ChangeRefused, match="limit"):
        corrections.correction_submit(address_key="a", proposal=proposal(message="x" * 5001))
    assert not Correction.objects.exists()


def test_a_flood_from_one_address_is_limited_and_other_addresses_still_get_through(registry):
    now = timezone.now()
    for i in range(corrections.RATE_LIMITS[0][1]):
        corrections.correction_submit(
            address_key="flood", proposal=proposal(), now=now + dt.timedelta(seconds=i)
        )
    with pytest.raises(corrections.RateLimited):
        corrections.correction_submit(
            address_key="flood", proposal=proposal(), now=now + dt.timedelta(minutes=5)
        )
    corrections.correction_submit(
        address_key="someone-else", proposal=proposal(), now=now + dt.timedelta(minutes=5)
    )
    assert Correction.objects.filter(address_hash="flood").count() == corrections.RATE_LIMITS[0][1]
    assert Correction.objects.filter(address_hash="someone-else").count() == 1
    later = now + dt.timedelta(hours=2)
    corrections.correction_submit(address_key="flood", proposal=proposal(), now=later)  # the window moved on


def test_an_accepted_correction_becomes_a_credited_correction_revision(registry, editor, reviewer, reviewer2):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("registry_wrong"))
    corr.refresh_from_db()
    draft = corr.draft
    assert (
        corr.status == Correction.Status.ACCEPTED
        and draft.kind == "correction"
        and draft.credit == "Pat Public"
    )
    assert corr.flag.status == Flag.Status.RESOLVED
    # The editor keeps a snapshot of the submitted evidence and saves the draft on top of it.
    source = Source.objects.get(url=corr.evidence_url)
    evidence.snapshot_add(
        actor=editor, source=source, text="Zero data retention is available to all customers."
    )
    draft = drafts.draft_save(
        actor=editor,
        holder=drafts.Holder.parse(draft.holder),
        dimension_id=draft.dimension_id,
        data={**draft.data, "summary": "Zero data retention is available to all customers."},
        kind=draft.kind,
        reason=draft.reason,
        draft=draft,
    )
    with pytest.raises(drafts.ChangeRefused, match="two-person"):
        drafts.draft_publish(actor=editor, draft=draft, version=draft.version)  # the editor wrote it
    # The triager only decided: authorship follows who wrote the content, so they may publish it.
    revision = drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)
    assert revision.kind == Revision.Kind.CORRECTION and revision.credit == "Pat Public"
    assert revision.author == editor and list(revision.editors.all()) == [editor]
    corr.refresh_from_db()
    assert corr.status == Correction.Status.PUBLISHED and corr.revision == revision


def test_a_correction_without_consent_is_not_credited(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=proposal(credit_consent=False))
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("both"))
    assert Draft.objects.get().credit == ""


def test_a_declined_correction_writes_no_draft(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("intentional"))
    corr.refresh_from_db()
    assert corr.status == Correction.Status.DECLINED and not Draft.objects.exists()


def test_the_public_form_stores_a_correction_and_links_its_status_page(registry, client):
    response = client.post(
        FORM_URL,
        {
            "proposed_grade": "yes_public",
            "evidence_url": "https://example.org/e",
            "quote": "ZDR is available",
        },
    )
    corr = Correction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/corrections/{corr.token}/"
    page = client.get(response["Location"]).content.decode()
    assert "received" in page and "pat@" not in page


def test_the_honeypot_answers_politely_and_keeps_nothing(registry, client):
    response = client.post(
        FORM_URL,
        {"proposed_grade": "no", "evidence_url": "https://example.org/e", "website": "http://spam.example"},
    )
    assert response.status_code == 200 and not Correction.objects.exists()


def test_the_form_refuses_a_missing_evidence_url_with_a_message(registry, client):
    response = client.post(FORM_URL, {"proposed_grade": "no"})
    assert response.status_code == 400 and b"evidence" in response.content.lower()
    assert not Correction.objects.exists()


def test_the_form_answers_429_once_an_address_is_over_its_limit(registry, client):
    data = {"proposed_grade": "no", "evidence_url": "https://example.org/e"}
    statuses = [client.post(FORM_URL, data, REMOTE_ADDR="203.0.113.9").status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert client.post(FORM_URL, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert Correction.objects.count() == 6


def test_an_unknown_status_token_is_not_found(registry, client):
    assert client.get("/corrections/not-a-token/").status_code == 404


def finish_and_publish(editor, reviewer, corr, text="Zero data retention is available to all customers."):
    """The editor keeps a snapshot of the evidence and saves the draft; the triager publishes it."""
    corr.refresh_from_db()
    draft = corr.draft
    evidence.snapshot_add(actor=editor, source=Source.objects.get(url=corr.evidence_url), text=text)
    draft = drafts.draft_save(
        actor=editor, holder=drafts.Holder.parse(draft.holder), dimension_id=draft.dimension_id,
        data={**draft.data, "summary": "Zero data retention is available to all customers."},
        kind=draft.kind, reason=draft.reason, draft=draft,
    )
    return drafts.draft_publish(actor=reviewer, draft=draft, version=draft.version)


def test_an_internal_triage_note_is_never_public(registry, editor, reviewer, client):
    editor.first_name = "Edna"
    editor.save()
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage(
        "registry_wrong", note="Plausible; needs snapshot of the evidence.",
        public_reason="Microsoft now offers zero data retention to every customer."))
    status = client.get(f"/corrections/{corr.token}/").content.decode()
    revision = finish_and_publish(editor, reviewer, corr)
    assert revision.reason == "Microsoft now offers zero data retention to every customer."
    pages = [status] + [client.get(u).content.decode() for u in (
        f"/corrections/{corr.token}/", "/changelog/", "/changelog.atom", f"/changelog/{revision.pk}/")]
    for page in pages:
        assert "Plausible; needs snapshot" not in page
    assert all("zero data retention to every customer" in page for page in pages[1:])
    # Authorship follows the content: the editor is credited, the submitter too; the triager is not.
    changelog = pages[2]
    assert "by Edna" in changelog and "Pat Public" in changelog and "rita" not in changelog


def test_a_correction_to_an_inherited_cell_asks_where_the_change_goes(registry, reviewer, client):
    corr = corrections.correction_submit(
        address_key="a", proposal=proposal(dimension_id="soc2_type2", proposed_grade="no"))
    client.force_login(reviewer)
    page = client.get(f"/workbench/corrections/{corr.pk}/").content.decode()
    assert "inherited from microsoft-azure" in page and "Azure OpenAI" in page
    with pytest.raises(ChangeRefused, match="target: the cell comes from microsoft-azure"):
        corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("registry_wrong", target=""))
    with pytest.raises(ChangeRefused, match="override_reason"):
        corrections.correction_triage(actor=reviewer, correction=corr,
                                      triage=triage("registry_wrong", target="offering"))
    assert not Draft.objects.exists()


def test_an_override_on_the_offering_leaves_the_party_cell_alone(registry, reviewer):
    corr = corrections.correction_submit(
        address_key="a", proposal=proposal(dimension_id="soc2_type2", proposed_grade="no"))
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage(
        "registry_wrong", target="offering", override_reason="This service is outside the report's scope."))
    draft = Draft.objects.get()
    assert draft.holder == "offering:azure-openai" and draft.data["grade"] == "no"
    assert draft.data["override_reason"] == "This service is outside the report's scope."


def test_changing_the_party_cell_is_a_draft_on_the_party(registry, reviewer):
    corr = corrections.correction_submit(
        address_key="a", proposal=proposal(dimension_id="soc2_type2", proposed_grade="no"))
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("registry_wrong"))
    assert Draft.objects.get().holder == "party:microsoft-azure"


def test_the_triager_chooses_the_new_sources_kind_and_primary_status(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage(
        "registry_wrong", source_kind="vendor_doc", source_primary=True))
    assert Source.objects.get(url=corr.evidence_url).kind == "vendor_doc"
    assert Draft.objects.get().data["sources"][-1]["primary"] is True


def test_a_source_recorded_from_a_correction_goes_through_the_source_service(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("registry_wrong"))
    source = Source.objects.get(url=corr.evidence_url)
    event = AuditEvent.objects.get(action="source.create", target=f"source:{source.pk}")
    assert event.actor == reviewer and event.detail == {"url": corr.evidence_url}


def test_a_vendors_own_domain_suggests_a_primary_source(registry, reviewer, client):
    assert corrections.suggests_primary("https://learn.microsoft.com/x", ["https://azure.microsoft.com"])
    assert not corrections.suggests_primary("https://blog.example.org/x", ["https://azure.microsoft.com"])
    corr = corrections.correction_submit(
        address_key="a", proposal=proposal(evidence_url="https://learn.microsoft.com/azure/zdr"))
    client.force_login(reviewer)
    page = client.get(f"/workbench/corrections/{corr.pk}/").content.decode()
    assert 'name="source_primary" checked' in page.replace('id="id_source_primary" ', "")


def test_an_accepted_correction_records_an_event_without_the_submitter(registry, reviewer):
    from trustreg.outbox.models import OutboxEvent

    declined = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=declined, triage=triage("intentional"))
    assert not OutboxEvent.objects.filter(type="correction.accepted").exists()
    corr = corrections.correction_submit(address_key="b", proposal=proposal())
    corrections.correction_triage(actor=reviewer, correction=corr, triage=triage("registry_wrong"))
    event = OutboxEvent.objects.get(type="correction.accepted")
    assert event.payload["correction"] == corr.pk and event.payload["question"] == "retention_zdr"
    assert event.payload["public_reason"] == "The vendor's retention page says so."
    text = str(event.payload)
    assert "Pat Public" not in text and "pat@example.org" not in text

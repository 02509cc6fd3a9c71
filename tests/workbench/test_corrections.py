import datetime as dt

import pytest
from django.utils import timezone

from trustreg.evidence import services as evidence
from trustreg.evidence.models import Source
from trustreg.registry.models import AuditEvent, Revision
from trustreg.workbench import corrections, drafts
from trustreg.workbench.models import Correction, Draft, Flag

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
    corrections.correction_triage(
        actor=reviewer, correction=corr, outcome="registry_wrong", note="The page changed"
    )
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
    corrections.correction_triage(actor=reviewer, correction=corr, outcome="both", note="Both were wrong")
    assert Draft.objects.get().credit == ""


def test_a_declined_correction_writes_no_draft(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=proposal())
    corrections.correction_triage(
        actor=reviewer, correction=corr, outcome="intentional", note="Graded on purpose"
    )
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

"""Corrections through the workbench pages: listed by status, triaged by a reviewer through the
service, a bad triage answered 400 with the correction left as received."""

import pytest

from trustreg.workbench import corrections
from trustreg.workbench.models import Correction, Draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(registry):
    return corrections.correction_submit(address_key="x", proposal=corrections.Proposal(
        offering_id="openai-api", dimension_id="training_on_customer_data",
        evidence_url="https://openai.com/enterprise-privacy/", proposed_grade="no"))


def test_received_corrections_are_listed_and_a_vendor_domain_suggests_a_primary_source(received, reviewer, client):
    client.force_login(reviewer)
    listed = client.get("/workbench/corrections/").content.decode()
    assert f"/workbench/corrections/{received.pk}/" in listed
    assert f"/workbench/corrections/{received.pk}/" not in client.get(
        "/workbench/corrections/?status=declined").content.decode()
    page = client.get(f"/workbench/corrections/{received.pk}/").content.decode()
    assert 'name="source_primary" id="id_source_primary" checked' in page  # openai.com: the vendor's own


def test_a_declined_correction_is_recorded_with_its_public_reason(received, reviewer, client):
    client.force_login(reviewer)
    response = client.post(f"/workbench/corrections/{received.pk}/triage/",
                           {"outcome": "intentional", "public_reason": "The registry is right here.",
                            "source_kind": "legal"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert (received.status, received.public_reason) == (Correction.Status.DECLINED, "The registry is right here.")
    assert not Draft.objects.exists()


def test_a_triage_without_a_public_reason_is_answered_400_and_changes_nothing(received, reviewer, client):
    client.force_login(reviewer)
    response = client.post(f"/workbench/corrections/{received.pk}/triage/", {"outcome": "registry_wrong", "source_kind": "legal"})
    assert response.status_code == 400
    received.refresh_from_db()
    assert received.status == Correction.Status.RECEIVED and not Draft.objects.exists()

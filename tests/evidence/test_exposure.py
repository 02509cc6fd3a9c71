"""What visitors may see of the evidence: cited sources, public copies, nothing found by counting."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.evidence.models import Snapshot, Source

from .conftest import run

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NDA_TEXT = "CONFIDENTIAL under NDA: the processor keeps prompts for 45 days."


def member(name: str, role: str) -> Client:
    user = User.objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cited(loaded) -> Source:
    return Source.objects.filter(citations__isnull=False).order_by("pk").first()


@pytest.fixture
def pasted(cited) -> Snapshot:
    return evidence.snapshot_add(actor="test", source=cited, text=NDA_TEXT)


def body_without_path(response) -> str:
    return response.content.decode().replace(response.wsgi_request.path, "PATH")


def test_a_source_no_published_cell_cites_is_hidden_from_visitors_but_not_maintainers(loaded, client):
    lone = evidence.source_create(actor="test", url="https://nda.example.com/report", kind="other",
                                  publisher="Example", title="Gated report")
    assert client.get(f"/sources/{lone.public_id}/").status_code == 404
    assert member("edna", "editor").get(f"/sources/{lone.public_id}/").status_code == 200


def test_sequential_ids_find_nothing_and_public_ids_are_random(cited, client):
    assert client.get(f"/sources/{cited.pk}/").status_code == 404
    assert client.get(f"/sources/{cited.public_id}/").status_code == 200
    ids = list(Source.objects.values_list("public_id", flat=True)) + list(
        Snapshot.objects.values_list("public_id", flat=True))
    assert len(set(ids)) == len(ids) and all(len(i) >= 16 for i in ids)


def test_a_hidden_object_answers_exactly_like_one_that_never_existed(cited, pasted, client):
    lone = evidence.source_create(actor="test", url="https://nda.example.com/r2", kind="other",
                                  publisher="Example", title="Gated")
    hidden, missing = client.get(f"/sources/{lone.public_id}/"), client.get("/sources/AAAAAAAAAAAAAAAA/")
    assert hidden.status_code == missing.status_code == 404
    assert body_without_path(hidden) == body_without_path(missing)
    base = f"/sources/{cited.public_id}/copies/"
    hidden, missing = client.get(f"{base}{pasted.public_id}/"), client.get(f"{base}AAAAAAAAAAAAAAAA/")
    assert hidden.status_code == missing.status_code == 404
    assert body_without_path(hidden) == body_without_path(missing)


def test_a_pasted_copy_is_private_until_a_reviewer_marks_it_public_with_an_audit_row(cited, pasted, client):
    copy_url = f"/sources/{cited.public_id}/copies/{pasted.public_id}/"
    assert pasted.public is False
    assert pasted.public_id not in client.get(f"/sources/{cited.public_id}/").content.decode()
    assert client.get(copy_url).status_code == 404
    editor, reviewer = member("edna", "editor"), member("rita", "reviewer")
    maintainer_view = editor.get(f"/sources/{cited.public_id}/").content.decode()
    assert pasted.public_id in maintainer_view and "private" in maintainer_view
    assert NDA_TEXT in editor.get(copy_url).content.decode()

    action = f"/workbench/sources/{cited.pk}/snapshots/{pasted.pk}/publicity/"
    assert editor.post(action, {"public": "1", "reason": "Vendor published it"}).status_code == 403
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(User.objects.get(username="rita"))
    assert csrf.post(action, {"public": "1", "reason": "Vendor published it"}).status_code == 403
    assert client.post(action, {"public": "1", "reason": "x"}).status_code == 302  # to the login page
    pasted.refresh_from_db()
    assert pasted.public is False

    assert reviewer.post(action, {"public": "1", "reason": "The vendor published the report"}).status_code == 302
    pasted.refresh_from_db()
    assert pasted.public is True
    event = AuditEvent.objects.get(action="snapshot.public")
    assert event.actor_name == "rita" and event.detail["reason"] == "The vendor published the report"
    assert NDA_TEXT in client.get(copy_url).content.decode()


def test_making_a_copy_public_needs_a_reason(pasted):
    with pytest.raises(evidence.EvidenceRefused, match="reason"):
        evidence.snapshot_set_public(actor="test", snapshot=pasted, public=True, reason="  ")
    pasted.refresh_from_db()
    assert pasted.public is False and not AuditEvent.objects.filter(action="snapshot.public").exists()


def test_fetched_copies_of_public_pages_are_public_from_the_start(monitored, client):
    run()
    fetched = Snapshot.objects.filter(how=Snapshot.How.FETCHED).select_related("source")
    assert fetched.exists() and not fetched.filter(public=False).exists()
    copy = fetched.filter(source__citations__isnull=False).first()
    assert client.get(f"/sources/{copy.source.public_id}/copies/{copy.public_id}/").status_code == 200


@pytest.mark.parametrize("public", [True, False])
def test_a_bundled_copy_is_public_exactly_when_its_metadata_says_so(cited, public):
    import datetime as dt
    import hashlib

    from trustreg.domain.copies import CopyRecord

    text = "Kept text of the page."
    copy = CopyRecord(id=f"c-{public}", url=cited.url, title="t", publisher="p", kind="other",
                      retrieved=dt.date(2026, 7, 5), retrieved_is_copy_date=True, obtained="fetched",
                      sha256=hashlib.sha256(text.encode()).hexdigest(), public=public, text=text)
    kept = evidence.snapshots_keep_bundled(actor="test", copies=[copy], sources={cited.url: cited})
    assert kept[copy.id].public is public

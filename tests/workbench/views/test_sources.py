"""Sources and their kept copies through the workbench pages: recorded, edited and kept through the
evidence services (with their audit rows); a bad form is answered 400 and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trustreg.accounts.models import AuditEvent
from trustreg.evidence.models import Snapshot, Source

pytestmark = pytest.mark.django_db


def test_an_editor_records_a_source_and_is_sent_to_keep_a_copy_of_it(editor, client):
    client.force_login(editor)
    response = client.post("/workbench/sources/new/", {"url": "https://vendor.example/dpa", "kind": "legal",
                                                      "title": "Data processing addendum"})
    source = Source.objects.get(url="https://vendor.example/dpa")
    assert response.status_code == 302 and response["Location"] == f"/workbench/sources/{source.pk}/"
    assert AuditEvent.objects.filter(action__startswith="source.", actor=editor).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Data processing addendum" in page and "now keep a snapshot" in page


def test_a_source_form_with_a_bad_address_is_answered_400_and_records_nothing(editor, client):
    client.force_login(editor)
    response = client.post("/workbench/sources/new/", {"url": "javascript:alert(1)", "kind": "legal"})
    assert response.status_code == 400 and not Source.objects.exists()


def test_an_edit_changes_the_source_and_a_bad_one_changes_nothing(source_with_text, editor, client):
    client.force_login(editor)
    url = f"/workbench/sources/{source_with_text.pk}/edit/"
    form = {"url": source_with_text.url, "kind": "vendor_doc", "title": "Privacy, renamed"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "kind": "rumour", "title": "Never saved"}).status_code == 400
    source_with_text.refresh_from_db()
    assert source_with_text.title == "Privacy, renamed"


def test_a_copy_is_kept_from_pasted_text_or_an_uploaded_file_but_not_both(source_with_text, editor, client):
    client.force_login(editor)
    url = f"/workbench/sources/{source_with_text.pk}/snapshots/"
    kept = Snapshot.objects.filter(source=source_with_text).count()
    assert client.post(url, {"text": "Prompts are kept for 30 days."}).status_code == 302
    upload = SimpleUploadedFile("dpa.txt", b"Prompts are kept for 7 days.", content_type="text/plain")
    assert client.post(url, {"file": upload}).status_code == 302
    both = SimpleUploadedFile("dpa.txt", b"x", content_type="text/plain")
    assert client.post(url, {"text": "y", "file": both}).status_code == 400
    assert client.post(url, {"text": "  "}).status_code == 400
    texts = list(Snapshot.objects.filter(source=source_with_text).order_by("id").values_list("text", flat=True))
    assert len(texts) == kept + 2 and texts[-2:] == ["Prompts are kept for 30 days.", "Prompts are kept for 7 days."]


def test_an_unknown_source_answers_404(editor, client):
    client.force_login(editor)
    assert client.get("/workbench/sources/999999/").status_code == 404

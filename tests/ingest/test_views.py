from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from trustreg.ingest.services import document_ingest


@pytest.fixture
def maintainer(db):
    user = get_user_model().objects.create_user("maintainer", password="a-long-password-1")
    user.groups.add(Group.objects.get_or_create(name="editor")[0])
    return user


def test_the_maintainers_page_needs_a_login(client, db):
    response = client.get("/ingest/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_signed_in_user_without_a_workbench_role_is_refused(client, db):
    client.force_login(get_user_model().objects.create_user("visitor", password="a-long-password-2"))
    assert client.get("/ingest/").status_code == 403


def test_documents_and_their_candidates_are_listed(client, maintainer, registry, seed):
    document = document_ingest(
        actor="test",
        data=seed("blog-azure-openai-privacy-2024.md"),
        name="blog.md",
        offering_id="azure-openai",
    )
    client.force_login(maintainer)
    listing = client.get("/ingest/")
    assert listing.status_code == 200
    assert "Azure OpenAI Service Privacy Policies Explained" in listing.content.decode()
    detail = client.get(f"/ingest/documents/{document.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "secondary_only" in body and "stale" in body
    assert "deliberately does not record retention_days" in body


def test_text_from_documents_is_escaped(client, maintainer, db):
    document = document_ingest(
        actor="test",
        name="evil.md",
        data=b"---\ntitle: <script>alert(1)</script>\n---\n"
        b"We do not train on your data. <img src=x onerror=alert(1)>",
    )
    client.force_login(maintainer)
    body = client.get(f"/ingest/documents/{document.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;" in body


def test_an_unknown_document_is_404(client, maintainer):
    client.force_login(maintainer)
    assert client.get("/ingest/documents/999999/").status_code == 404

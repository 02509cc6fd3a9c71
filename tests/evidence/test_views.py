import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from trustreg.evidence.models import Snapshot

from .conftest import quoted_source, run
from .evidence_scenarios import Page, html

pytestmark = pytest.mark.django_db


def test_the_source_page_shows_distinct_honest_dates(monitored, client):
    run()
    source = quoted_source()
    page = client.get(reverse("evidence:source", args=[source.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Last fetched" in text
    assert "Quote last found" in text
    assert "Last verified by a person" in text
    assert "Archived copies" in text


def test_the_archived_copy_is_inert_escaped_text(monitored, client):
    source = quoted_source()
    hostile = (
        b"<html><body><script>alert(1)</script><p>We keep data.</p><img src=x onerror=alert(2)></body></html>"
    )
    monitored.pages[f"/src/{source.pk}"] = Page(hostile)
    run()
    snapshot = Snapshot.objects.get(source=source)
    page = client.get(reverse("evidence:snapshot", args=[source.public_id, snapshot.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert "sandbox" in page.headers["Content-Security-Policy"]
    assert "Archived copy" in body


def test_an_unknown_source_or_copy_is_a_404(monitored, client):
    assert client.get("/sources/999999/").status_code == 404
    source = quoted_source()
    assert client.get(f"/sources/{source.public_id}/copies/999999/").status_code == 404


def test_the_monitor_page_needs_a_maintainer_role_and_lists_outcomes_and_flags(
    monitored, client, django_user_model
):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(html("x"), status=403)
    run()
    assert client.get(reverse("evidence:monitor")).status_code == 302
    user = django_user_model.objects.create_user("maintainer", password="x" * 16)
    client.force_login(user)
    assert client.get(reverse("evidence:monitor")).status_code == 403  # signed in, but no role
    user.groups.add(Group.objects.get_or_create(name="editor")[0])
    page = client.get(reverse("evidence:monitor"))
    assert page.status_code == 200
    assert "source blocked" in page.content.decode()
    assert "blocked" in page.content.decode()


def test_the_monitor_dates_tag_says_fetched_and_quote_found_separately(monitored):
    from django.template import Context, Template

    source = quoted_source()
    citation = source.citations.exclude(quote="").first()
    tag = Template("{% load evidence_monitor %}{% monitor_dates url quote %}")
    before = tag.render(Context({"url": source.url, "quote": citation.quote}))
    assert "not fetched yet" in before and "quote not checked yet" in before
    run()
    after = tag.render(Context({"url": source.url, "quote": citation.quote}))
    assert "fetched 20" in after and "quote found 20" in after
    monitored.pages[f"/src/{source.pk}"] = Page(html("Rewritten", "Nothing like it."))
    run("--all")
    missing = tag.render(Context({"url": source.url, "quote": citation.quote}))
    assert "quote not found on" in missing and "last found" in missing
    assert tag.render(Context({"url": "https://unknown.example/", "quote": "x"})).strip() == ""


def test_head_answers_the_source_and_copy_pages_as_get_does_without_a_body(monitored, client):
    run()
    source = quoted_source()
    snapshot = Snapshot.objects.filter(source=source).first()
    assert snapshot is not None
    for url in (reverse("evidence:source", args=[source.public_id]),
                reverse("evidence:snapshot", args=[source.public_id, snapshot.public_id])):
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code != 405 and head.content == b"", url

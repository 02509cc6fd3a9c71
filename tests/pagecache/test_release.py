"""A deploy renders every cached page again (``trustreg.pagecache.release``)."""

from __future__ import annotations

import pytest

from trustreg.pagecache import release

PAGE = "/offerings/azure-openai/"
HIT = "X-Trustreg-Page-Cache"


def test_a_stylesheet_collected_under_a_new_name_is_a_new_release():
    before = release.release_key("d", {"site/site.css": "site/site.90aa0bfcea71.css"})
    assert release.release_key("d", {"site/site.css": "site/site.90aa0bfcea71.css"}) == before
    assert release.release_key("d", {"site/site.css": "site/site.37f042e8b4b8.css"}) != before
    assert release.release_key("e", {"site/site.css": "site/site.90aa0bfcea71.css"}) != before


def test_a_changed_view_or_template_changes_the_sources_digest_and_nothing_else_does(tmp_path):
    (tmp_path / "views.py").write_text("x = 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>a</p>")
    before = release.sources_digest(tmp_path)
    (tmp_path / "notes.txt").write_text("not rendering code")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "views.py").write_text("stale")
    assert release.sources_digest(tmp_path) == before
    (tmp_path / "templates" / "page.html").write_text("<p>b</p>")
    assert release.sources_digest(tmp_path) != before


def test_this_process_names_its_release_once():
    assert release.fingerprint() == release.fingerprint()
    assert len(release.fingerprint()) == 16


@pytest.mark.django_db
def test_a_page_cached_by_one_release_is_rendered_again_by_the_next(loaded, client, monkeypatch):
    monkeypatch.setattr(release, "fingerprint", lambda: "release-one")
    client.get(PAGE)
    assert client.get(PAGE)[HIT] == "hit"
    monkeypatch.setattr(release, "fingerprint", lambda: "release-two")  # a deploy: new code or static names
    assert client.get(PAGE)[HIT] == "miss"
    assert client.get(PAGE)[HIT] == "hit"

"""Every link the offering pages render leads somewhere: none of them is a 404."""

from __future__ import annotations

import pytest

from trustreg.bulk import build, links
from trustreg.registry import selectors

pytestmark = pytest.mark.django_db

PAGES = ("", "history/", "explainer/")


def test_no_link_on_any_offering_page_leads_to_a_missing_page(loaded, client):
    build.build()  # the bulk files a commit would have built (tests roll back instead of committing)
    pages = [f"/offerings/{oid}/{page}" for oid in selectors.listed_offerings().values_list("id", flat=True)
             for page in PAGES]
    targets: dict[str, str] = {}  # link -> a page that shows it
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in links.links_in(response.content.decode(), page):
            if not link.endswith(".pdf"):  # the memo's PDF: rendered by its own tests, slowly
                targets.setdefault(link, page)
    assert len(targets) > 100  # the history pages link each question, revision and source
    missing = []
    for link, page in sorted(targets.items()):
        status = client.get(link).status_code
        if status == 404 or status >= 500:
            missing.append((page, link, status))
    assert missing == []

"""The public pages' views: which methods they answer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# Every public HTML page (site, history, health and buyer views): a link checker, an uptime probe
# or a proxy asks them with HEAD, which HTTP requires wherever GET is answered (RFC 9110 §9.3.2).
PAGES = [
    "/", "/offerings/azure-openai/", "/questions/hipaa-baa/", "/compare/", "/compare/azure-openai-vs-openai-api/",
    "/methodology/", "/coverage/", "/changelog/", "/offerings/azure-openai/history/", "/health/",
    "/fit/", "/fit/?r_soc2_type2=any", "/fit/allow-list.json?r_soc2_type2=any",
    "/offerings/azure-openai/explainer/", "/offerings/azure-openai/memo.md",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_head_as_it_answers_get_without_a_body(loaded, client, path):
    got = client.get(path)
    head = client.head(path)
    assert (got.status_code, head.status_code) == (200, 200)
    assert head["Content-Type"] == got["Content-Type"] and head.content == b""


@pytest.mark.parametrize("path", ["/", "/methodology/"])
def test_a_page_asked_with_post_is_still_refused(loaded, client, path):
    assert client.post(path).status_code == 405

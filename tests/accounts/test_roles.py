"""Every maintainer page checks a role through ``trustreg.accounts.roles``, walked from the URL resolver so a
new page is covered the day it is added."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver

from trustreg.accounts.roles import PERMISSIONS, Role, roles_of

pytestmark = pytest.mark.django_db

# The parts of the site that are for maintainers only (the monitor page sits among public evidence pages).
MAINTAINER_PREFIXES = ("workbench/", "ingest/", "monitor/")
SAMPLE = {"int": "999999", "slug": "x", "str": "x", "path": "x"}


def maintainer_pages() -> list[tuple[str, object]]:
    def walk(patterns, prefix):  # noqa: ANN001, ANN202 - Django's URL objects
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback

    pages = [(route, view) for route, view in walk(get_resolver().url_patterns, "")
             if route.startswith(MAINTAINER_PREFIXES)]
    return [("/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], route), view)
            for route, view in pages]


def refused(client, url: str) -> list[int]:  # noqa: ANN001
    return [client.get(url).status_code, client.post(url, {}).status_code]


def test_the_walk_finds_the_workbench_the_monitor_and_the_ingest_pages():
    urls = [url for url, _ in maintainer_pages()]
    assert {"/workbench/", "/monitor/", "/ingest/"} <= set(urls)


def test_every_maintainer_page_is_wrapped_by_the_roles_module():
    assert [url for url, view in maintainer_pages() if not hasattr(view, "required_action")] == []


def test_a_signed_in_user_without_a_role_is_refused_on_every_maintainer_page(client):
    client.force_login(User.objects.create_user("norole", password="x" * 16))
    wrong = []
    for url, _ in maintainer_pages():
        statuses = refused(client, url)
        # 403 from the role check; 405 only for the method the page does not take.
        if 403 not in statuses or any(s not in (403, 405) for s in statuses):
            wrong.append(f"{url}: {statuses}")
    assert wrong == []


def test_a_visitor_is_sent_to_sign_in_on_every_maintainer_page(client):
    wrong = []
    for url, _ in maintainer_pages():
        responses = [client.get(url), client.post(url, {})]
        if not any(r.status_code == 302 and r["Location"].startswith("/accounts/login/") for r in responses):
            wrong.append(f"{url}: {[r.status_code for r in responses]}")
    assert wrong == []


@pytest.mark.parametrize("role", [r for r in Role if any(r not in allowed for allowed in PERMISSIONS.values())])
def test_a_role_without_the_pages_action_is_refused_there(client, role):
    user = User.objects.create_user(f"only-{role}", password="x" * 16)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    assert roles_of(user) == {role}
    client.force_login(user)
    wrong, checked = [], 0
    for url, view in maintainer_pages():
        if role in PERMISSIONS[view.required_action]:
            continue
        checked += 1
        statuses = refused(client, url)
        if 403 not in statuses or any(s not in (403, 405) for s in statuses):
            wrong.append(f"{url} ({view.required_action}): {statuses}")
    assert checked and wrong == []

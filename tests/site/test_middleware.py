"""Middleware every answer goes through: a NUL in a request's path or query refused with a 400 naming
where it is (PostgreSQL refuses NUL in text: never a 500), before any view reads it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

QUERIES = [("/", "q"), ("/", "developer"), ("/", "platform"), ("/", "category"), ("/", "grade"), ("/", "strength"),
           ("/compare/", "q"), ("/changelog/", "offering"), ("/api/v1/offerings", "q"),
           ("/api/v1/offerings", "developer"), ("/api/v1/offerings", "grade"), ("/api/v1/compare", "ids"),
           ("/api/v1/changes", "offering")]
PATHS = ["/api/v1/offerings/a%00b", "/api/v1/offerings/a%00b/history", "/api/v1/copies/a%00b",
         "/compare/a%00b-vs-openai-api/", "/corrections/a%00b/"]


@pytest.mark.parametrize(("path", "name"), QUERIES)
def test_a_nul_in_a_query_parameter_answers_400_naming_it(client, loaded, path, name):
    answer = client.get(path, {name: "a\x00b"})
    assert answer.status_code == 400
    if path.startswith("/api/"):
        assert answer.json()["detail"] == f"{name}: must not contain a NUL character"
    else:
        assert f"{name}: must not contain a NUL character" in answer.content.decode()


@pytest.mark.parametrize("path", PATHS)
def test_a_nul_in_the_path_answers_400(client, loaded, path):
    answer = client.get(path)
    assert answer.status_code == 400 and b"path: must not contain a NUL character" in answer.content


def test_a_nul_in_a_parameters_name_is_refused_too(client, loaded):
    answer = client.get("/?a%00b=1")
    assert answer.status_code == 400 and b"must not contain a NUL character" in answer.content

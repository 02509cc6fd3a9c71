"""schemathesis against /api/v1/openapi.json: no server error and every answer valid against the
schema it declares, for every operation (bounded examples, no deadline)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from trustreg.wsgi import application

EXAMPLES = 12

# The OpenAPI document follows the code, not the data: it is read once, without a database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True)


@pytest.fixture
def one_connection():
    """Keep the test's connection (and its transaction) across the WSGI requests: Django's own test
    client does the same, since the handler would otherwise close it after every request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_within_its_schema(case, loaded, one_connection):  # noqa: ANN001
    # Every check but "schema-valid input is accepted": a cursor this API never gave out, an unknown
    # preset or a fit query with no requirement are well-formed strings and still answer 400.
    # The WSGI transport asks for gzip and hands the bytes on undecoded: the documents are checked as
    # they are (their compression: tests/api/test_http.py).
    case.call_and_validate(excluded_checks=[positive_data_acceptance], headers={"Accept-Encoding": "identity"})


def test_the_schema_lists_every_v1_endpoint(client):  # noqa: ANN001
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert paths == {
        "/api/v1/offerings", "/api/v1/offerings/{offering_id}", "/api/v1/offerings/{offering_id}/history",
        "/api/v1/copies/{copy_id}", "/api/v1/questions", "/api/v1/questions/{slug}", "/api/v1/parties",
        "/api/v1/compare", "/api/v1/changes", "/api/v1/fit", "/api/v1/health",
    }

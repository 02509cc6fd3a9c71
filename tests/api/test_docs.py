"""The API's docs page is written from the OpenAPI document: every operation, parameter, answer and
document shape, with short human names for their types."""

from __future__ import annotations

import pytest

from trustreg.api.docs import Param, operations, shapes, type_name
from trustreg.api.endpoints import api


@pytest.mark.parametrize(("schema", "name"), [
    ({"$ref": "#/components/schemas/Offering"}, "Offering"),
    ({"type": "array", "items": {"$ref": "#/components/schemas/Cell"}}, "list of Cell"),
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "string or null"),
    ({"type": "object", "additionalProperties": {"type": "integer"}}, "map of integer"),
    ({"type": "string", "format": "date"}, "string (date)"),
    ({}, "any"),
])
def test_a_schema_gets_a_short_human_name(schema, name):
    assert type_name(schema) == name


DOC = {
    "paths": {"/api/v1/offerings/{offering_id}": {"get": {
        "summary": "One offering", "description": "Every cell.",
        "parameters": [{"name": "offering_id", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
                        "description": "A past day"}],
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/c/s/Offering"}}}},
                      "404": {"description": "unknown"}},
    }}},
    "components": {"schemas": {"Offering": {"required": ["id"], "properties": {
        "id": {"type": "string"}, "cells": {"type": "array", "items": {"$ref": "#/c/s/Cell"}}}}}},
}


def test_each_operation_lists_its_parameters_and_answers():
    [op] = operations(DOC)
    assert (op.method, op.path, op.summary) == ("GET", "/api/v1/offerings/{offering_id}", "One offering")
    assert op.params == [Param("offering_id", "path", "string", True, ""),
                         Param("as_of", "query", "string (date)", False, "A past day")]
    assert op.responses == [("200", "Offering"), ("404", "any")]


def test_each_document_shape_lists_its_fields_and_which_are_required():
    assert shapes(DOC) == [("Offering", [("id", "string", True), ("cells", "list of Cell", False)])]


def test_the_real_api_has_an_operation_per_path_and_names_every_shape_it_answers_with():
    doc = api.get_openapi_schema(path_prefix="/api/v1")
    ops = operations(doc)
    assert {op.path for op in ops} == set(doc["paths"])
    named = {name for name, _ in shapes(doc)}
    answered = {shape for op in ops for _, shape in op.responses if shape[:1].isupper()}
    assert answered and answered <= named | {"any"}

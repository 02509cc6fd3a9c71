"""The human docs page: the OpenAPI document written out as plain HTML on the server.

No script, no stylesheet from elsewhere (the site's CSP allows neither): every operation with its
parameters and answers, and every document shape with its fields, read from the same OpenAPI
document machines get at /api/v1/openapi.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.api.endpoints import api


@dataclass(frozen=True)
class Param:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    params: list[Param]
    responses: list[tuple[str, str]]  # status, shape name


def type_name(schema: dict[str, Any]) -> str:
    """A short human name for a JSON schema: a component's name, ``list of X``, ``X or null``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_name(s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_name(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {type_name(schema['additionalProperties'])}"
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def operations(doc: dict[str, Any]) -> list[Operation]:
    out = []
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                Param(p["name"], p["in"], type_name(p.get("schema", {})), bool(p.get("required")),
                      p.get("description", ""))
                for p in op.get("parameters", [])
            ]
            responses = [
                (code, type_name(r.get("content", {}).get("application/json", {}).get("schema", {})))
                for code, r in op.get("responses", {}).items()
            ]
            out.append(Operation(method.upper(), path, op.get("summary", ""), op.get("description", ""),
                                 params, responses))
    return out


def shapes(doc: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each component: its fields as (name, type, required)."""
    out = []
    for name, schema in sorted(doc.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", ()))
        fields = [(f, type_name(s), f in required) for f, s in schema.get("properties", {}).items()]
        out.append((name, fields))
    return out


@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    doc = api.get_openapi_schema(path_prefix="/api/v1")
    return render(request, "api/docs.html", {
        "doc": doc, "info": doc.get("info", {}), "operations": operations(doc), "shapes": shapes(doc),
    })

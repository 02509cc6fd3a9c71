"""Workbench presentation: cell data shown as the YAML of the data files (escaped by the template)."""

from __future__ import annotations

from typing import Any

from django import template

from trustreg.domain import yamlio

register = template.Library()


@register.filter
def as_yaml(data: Any) -> str:
    if data is None:
        return ""
    return yamlio.dump(data)

"""Presentation helpers for history pages. Output is always escaped by the template engine."""

from __future__ import annotations

from typing import Any

from django import template

from trustreg.domain.history import describe_item, scalar_text

register = template.Library()

FIELD_LABELS = {"override_reason": "why the offering differs", "origin": "recorded on"}


@register.filter
def item_text(value: Any) -> str:
    return describe_item(value)


@register.filter
def scalar(value: Any) -> str:
    return scalar_text(value)


@register.filter
def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


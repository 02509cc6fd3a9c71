"""Presentation helpers for registry pages. Output is always escaped by the template engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from trustreg.domain.catalogue import Level
from trustreg.domain.cells import CONDITIONS, Origin, ResolvedCell
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.domain.grades import GRADE_INFO, Grade

register = template.Library()


@register.filter
def grade_tone(grade: str) -> str:
    return GRADE_INFO[Grade(grade)].tone


@register.filter
def grade_label(grade: str) -> str:
    return GRADE_INFO[Grade(grade)].label


@register.filter
def grade_glyph(grade: str) -> str:
    return GRADE_INFO[Grade(grade)].glyph


@register.filter
def fact_value(value: Any) -> str:
    """Facts as the seed page shows them: lists joined, booleans as True/False."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@register.simple_tag
def qualifiers(cell: ResolvedCell) -> list[tuple[str, str]]:
    rec = cell.record
    if rec is None:
        return []
    return [(k, v) for k in CONDITIONS if (v := getattr(rec, k))]


@register.simple_tag
def expiry(cell: ResolvedCell, today: dt.date | None = None) -> dict[str, Any] | None:
    """When the cell's evidence expires under its dimension's freshness policy.

    ``today`` is the day the page shows (an as-of page judges expiry on its own date).
    """
    rec = cell.record
    if rec is None or rec.verified is None:
        return None
    days = cell.dimension.freshness_days
    return {"date": expires_on(rec.verified, days),
            "expired": is_expired(rec.verified, days, today or timezone.localdate())}


@register.simple_tag
def origin_text(cell: ResolvedCell, offering: Any) -> str:
    level = cell.dimension.level
    role = level.role
    party = offering.platform if level is Level.PLATFORM else offering.developer
    if cell.origin is Origin.PARTY:
        return (f"Recorded once for {party.name}, the {role} (two-level rule), and shared by every offering "
                f"{'it serves' if level is Level.PLATFORM else 'of its models'}.")
    if cell.origin is Origin.OVERRIDE:
        return f"Recorded for this offering, overriding the cell recorded for {party.name}, the {role}."
    if cell.origin is Origin.OFFERING:
        return f"Recorded for this offering; graded on {party.name}, the {role}."
    return f"Not reviewed yet. This question grades {party.name}, the {role}."


@register.simple_tag
def role_subtitle(offering: Any) -> str:
    if offering.category == "first_party" and offering.developer_id == offering.platform_id:
        return "first-party API"
    if offering.category == "first_party":
        return f"{offering.developer.name} model, served by {offering.platform.name} (first party)"
    return f"{offering.developer.name} model, served by {offering.platform.name}"


@register.filter
def cut(text: str | list[str], limit: int = 170) -> str:
    """Prose (or a list of paragraphs) on one line, cut at a word near ``limit`` characters.

    Returns plain text for the template to escape once (joining in the template with ``join``
    would escape first and cut an escaped string).
    """
    if isinstance(text, list | tuple):
        text = " ".join(str(t) for t in text)
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters changed (for sort links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def group_size(group_id: str, catalogue: Any) -> int:
    return sum(1 for d in catalogue.dimensions if d.group == group_id)


@register.filter
def party_of(view: Any, cell: ResolvedCell) -> str:
    """The name of the party a cell was inherited from."""
    return str(view.party_name(cell.graded_party_id))


@register.simple_tag
def monitored(monitor: dict[tuple[str, str], Any] | None, source: Any) -> Any:
    """What the evidence monitor knows of a cited source and its quote (prefetched by the view)."""
    return (monitor or {}).get((source.url, source.quote))


@register.filter
def evidence_of(view: Any, cell: ResolvedCell) -> Any:
    """The evidence strength the selector computed for a cell of an offering view."""
    return view.strengths[cell.dimension.id]

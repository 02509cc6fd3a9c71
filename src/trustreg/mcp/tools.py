"""What the MCP tools answer: the API's own documents (``api.reads``), so an assistant reads the
same cells, citations and verdicts as the pages and the JSON API; no rule is restated here.

Every tool is read-only. Arguments are hostile input: lengths are capped, dates parsed strictly,
and an unknown id is a clear error naming the argument, never a crash.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from trustreg.api import reads
from trustreg.api.http import BadParameter
from trustreg.buyers import profiles
from trustreg.domain.fit import ProfileError, parse_profile
from trustreg.domain.history import BadDate, not_after_today, parse_date
from trustreg.registry import changelog, index, selectors

MAX_LIMIT = 100
MAX_TEXT = 200


class ToolError(ValueError):
    """A bad argument or an unknown id; the message says which and why."""


def _plain(doc: dict[str, Any]) -> dict[str, Any]:
    """Dates and datetimes as ISO text: the JSON an assistant receives."""
    return json.loads(json.dumps(doc, cls=DjangoJSONEncoder))  # type: ignore[no-any-return]


def _date(value: str | None, name: str) -> dt.date | None:
    """The pages' and the API's reading of a day: strict ``YYYY-MM-DD`` (the calendar's last day
    refused, as no day ends after it) and a day that has not begun read as today."""
    if not value or not value.strip():
        return None
    try:
        day = parse_date(value[:40], name=name)
    except BadDate:
        raise ToolError(f"{name}: expected a date YYYY-MM-DD, got {value[:40]!r}") from None
    return not_after_today(day, timezone.now().date(), name=name)[0]


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ToolError(f"limit: must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def _question(question: str) -> str:
    """A question's id from its id or its URL slug."""
    cat = selectors.catalogue()
    dim = next((d for d in cat.all_dimensions if question in (d.id, d.slug)), None)
    if dim is None:
        known = ", ".join(d.id for d in cat.dimensions)
        raise ToolError(f"question: no question {question[:60]!r} (known: {known})")
    return dim.id


def search_offerings(query: str = "", developer: str = "", platform: str = "", category: str = "",
                     question: str = "", grade: str = "", limit: int = 20, cursor: str | None = None
                     ) -> dict[str, Any]:
    conditions: tuple[index.Condition, ...] = ()
    if question or grade:
        if not (question and grade):
            raise ToolError("question and grade: give both to filter by a grade in one question")
        conditions = index.conditions_from([_question(question)], [grade[:40]], [])
    filters = index.IndexFilters(developer=developer[:80], platform=platform[:80], category=category[:40],
                                 q=query[:MAX_TEXT], conditions=conditions)
    try:
        return _plain(reads.offering_list(filters, None, cursor, _limit(limit)))
    except BadParameter as exc:
        raise ToolError(str(exc)) from None


def get_offering(offering_id: str, as_of: str | None = None) -> dict[str, Any]:
    try:
        return _plain(reads.offering_detail(offering_id[:MAX_TEXT], _date(as_of, "as_of")))
    except selectors.NotFound as exc:
        raise ToolError(f"offering_id: {exc}") from None


def get_cell(offering_id: str, question: str, as_of: str | None = None) -> dict[str, Any]:
    """One cell with its evidence, plus the steps to take to get what it grades (from the cell's
    qualifiers and facts, worded by the fit check's step catalogue)."""
    dim_id = _question(question[:MAX_TEXT])
    day = _date(as_of, "as_of")
    detail = get_offering(offering_id, as_of)
    view = selectors.offering_view(offering_id[:MAX_TEXT], day)
    cell = next((c for c in view.cells + view.info_cells if c.dimension.id == dim_id), None)
    if cell is None:
        raise ToolError(f"question: {dim_id} is not graded for {offering_id} (informational and not recorded)")
    doc = next(c for c in detail["cells"] + detail["informational_cells"] if c["question"] == dim_id)
    steps = profiles.step_catalogue().steps_for(cell, view.party_name(cell.graded_party_id))
    return {key: detail[key] for key in ("schema_version", "generated_at", "as_of", "offering")} | {
        "cell": doc, "steps": steps,
        "page": f"/offerings/{view.offering.id}/#{dim_id}",
    }


def compare_offerings(offering_ids: list[str], as_of: str | None = None) -> dict[str, Any]:
    try:
        return _plain(reads.comparison([i[:MAX_TEXT] for i in offering_ids[:10]], _date(as_of, "as_of")))
    except (selectors.NotFound, BadParameter) as exc:
        raise ToolError(f"offering_ids: {exc}") from None


def fit_check(preset: str = "", profile: dict[str, Any] | None = None, cursor: str | None = None,
              limit: int = 50) -> dict[str, Any]:
    """One page of the verdicts (best first) with the counts over every offering; pass next_cursor on."""
    cat = selectors.catalogue()
    if bool(preset) == bool(profile):
        names = ", ".join(p.id for p in profiles.presets(cat))
        raise ToolError(f"preset or profile: give exactly one (presets: {names})")
    if preset:
        found = profiles.preset(preset[:MAX_TEXT], cat)
        if found is None:
            names = ", ".join(p.id for p in profiles.presets(cat))
            raise ToolError(f"preset: no preset {preset[:60]!r} (presets: {names})")
    else:
        try:
            found = parse_profile(profile, set(cat.ids()))
        except ProfileError as exc:
            raise ToolError(f"profile: {exc}") from None
    try:
        return _plain(reads.fit_document(found, None, cursor, _limit(limit)))
    except BadParameter as exc:
        raise ToolError(str(exc)) from None


def list_changes(since: str, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    try:
        return _plain(reads.changes(_date(since, "since"), cursor, None, changelog.Filters(), _limit(limit)))
    except BadParameter as exc:
        raise ToolError(str(exc)) from None


def list_questions() -> dict[str, Any]:
    return _plain(reads.catalogue())

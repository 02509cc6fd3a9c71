"""What a reviewer reads before publishing: the draft against the published cell, field by field.

The fields and their structure (grade, qualifiers, facts, sources added or removed) come from the
changelog's own cell diff (``trustreg.domain.history.diff_data``); prose fields get the evidence
monitor's bounded word diff (``trustreg.domain.worddiff``), which keeps context around each change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trustreg.domain import history as dh
from trustreg.domain.worddiff import WordDiff, word_diff


@dataclass(frozen=True)
class ReviewField:
    field: str
    change: dh.FieldChange
    words: WordDiff | None = None  # prose only


def draft_diff(base: dict[str, Any] | None, data: dict[str, Any] | None) -> list[ReviewField]:
    """Every field the draft changes, in the changelog's field order."""
    return [
        ReviewField(
            c.field,
            c,
            word_diff(str(c.before or ""), str(c.after or "")) if c.field in dh.PROSE else None,
        )
        for c in dh.diff_data(base, data).changes
    ]

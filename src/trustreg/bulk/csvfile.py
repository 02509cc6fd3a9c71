"""The registry as CSV: one row per listed offering and core question (the data.json questions).

Grades, expiry and evidence strength come from the rules the pages use (``trustreg.domain``); the
file only lays them out. Text that a spreadsheet would run as a formula (leading ``=``, ``+``,
``-``, ``@``, tab or carriage return) is written with a leading apostrophe, the usual defence
against CSV injection: names and summaries come from vendors' pages and people's input.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import IO

from trustreg.domain.cells import CitationRole, ResolvedCell
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.domain.strength import cell_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry import selectors

COLUMNS = (
    "offering_id", "offering", "developer", "platform", "question_id", "question", "grade", "grade_label",
    "confidence", "verified", "expires", "expired", "evidence_strength", "evidence_strength_label",
    "primary_source_url", "origin",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def primary_source_url(cell: ResolvedCell) -> str:
    """The first primary source cited as evidence (leads are not evidence)."""
    return next((s.url for s in cell.sources if s.primary and s.role != CitationRole.LEAD), "")


def write(fh: IO[str], day: dt.date) -> None:
    cat = selectors.catalogue()
    party_cells, offering_cells, scopes = selectors.all_cells()
    quotes = quote_states()
    out = csv.writer(fh, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for o in selectors.listed_offerings().select_related("developer", "platform").order_by("sort_order", "id"):
        for cell in selectors.resolve_offering(o, cat, party_cells, offering_cells, scopes):
            d, rec = cell.dimension, cell.record
            verified = rec.verified if rec else None
            strength = cell_strength(cell, quotes, day)
            expires = expires_on(verified, d.freshness_days)
            out.writerow([safe(v) for v in (
                o.id, o.name, o.developer.name, o.platform.name, d.id, d.label, cell.grade, cell.label,
                rec.confidence if rec else "", verified.isoformat() if verified else "",
                expires.isoformat() if expires else "",
                "yes" if is_expired(verified, d.freshness_days, day) else "no",
                strength.strength.value, strength.label, primary_source_url(cell), cell.origin.value,
            )])

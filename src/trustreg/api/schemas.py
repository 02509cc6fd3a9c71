"""The shapes of the API's documents (they are the OpenAPI components).

v1 only grows: fields may be added, never renamed, retyped or removed (docs/api.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class Envelope(Schema):
    schema_version: str
    generated_at: dt.datetime
    as_of: dt.date | None = None


class ErrorOut(Schema):
    detail: str


class PartyRef(Schema):
    id: str
    name: str


class OfferingSummary(Schema):
    id: str
    name: str
    developer: PartyRef
    platform: PartyRef
    category: str
    model_family: str
    retired: bool


class GradeOut(Schema):
    question: str
    grade: str
    origin: str
    evidence_strength: str


class OfferingListItem(OfferingSummary):
    grades: list[GradeOut]


class OfferingList(Envelope):
    total: int
    count: int
    next_cursor: str | None
    items: list[OfferingListItem]


class Qualifiers(Schema):
    tier: str | None
    route: str | None
    default: str | None
    geography: str | None


class AnnotationOut(Schema):
    date: dt.date
    decision: str
    reason: str
    author: str


class Holder(Schema):
    kind: str
    id: str
    name: str | None = None


class OriginOut(Schema):
    kind: str
    graded_party: PartyRef
    recorded_by: Holder | None
    override_reason: str
    scope_added: bool


class KeptCopyRef(Schema):
    id: str
    sha256: str
    retrieved: dt.date
    retrieved_is_copy_date: bool
    public: bool
    text_url: str | None


class CitationOut(Schema):
    url: str
    kind: str
    primary: bool
    role: str
    publisher: str
    title: str
    archived_url: str | None
    canonical_url: str | None
    quote: str
    recorded_on: str
    kept_copy: KeptCopyRef | None
    quote_last_found: dt.datetime | None
    quote_last_checked: dt.datetime | None
    source_last_fetched: dt.datetime | None


class CellOut(Schema):
    question: str
    question_label: str
    group: str
    level: str
    grade: str
    label: str
    confidence: str | None
    summary: str
    qualifiers: Qualifiers
    facts: dict[str, Any]
    notes: list[str]
    caveat: str
    annotations: list[AnnotationOut]
    verified: dt.date | None
    expires: dt.date | None
    expired: bool
    evidence_strength: str  # trustreg.domain.strength.Strength
    evidence_strength_label: str
    evidence_why: str
    origin: OriginOut
    citations: list[CitationOut]


class OfferingDetail(Envelope):
    offering: OfferingSummary
    summary: str
    cells: list[CellOut]  # the core questions, every one
    informational_cells: list[CellOut]  # informational questions (controls, other attestations), graded only


class CopyOut(Envelope):
    id: str
    url: str
    title: str
    publisher: str
    kind: str
    retrieved: dt.date
    retrieved_is_copy_date: bool
    obtained: str
    sha256: str
    text: str


class FactOut(Schema):
    key: str
    type: str
    description: str


class QuestionOut(Schema):
    informational: bool
    id: str
    slug: str
    label: str
    question: str
    description: str
    group: str
    level: str
    freshness_days: int
    facts: list[FactOut]


class GroupOut(Schema):
    id: str
    label: str
    description: str
    informational: bool


class Catalogue(Envelope):
    groups: list[GroupOut]
    questions: list[QuestionOut]


class PartyOut(Schema):
    id: str
    name: str
    organisation: str
    url: str | None
    summary: str
    develops: list[str]
    serves: list[str]


class PartyList(Envelope):
    total: int
    count: int
    next_cursor: str | None
    items: list[PartyOut]


class QuestionEntry(Schema):
    offering: OfferingSummary
    cell: CellOut


class QuestionAcross(Envelope):
    question: QuestionOut
    grade_counts: dict[str, int]
    total: int
    count: int
    next_cursor: str | None
    items: list[QuestionEntry]


class CompareRow(Schema):
    question: str
    question_label: str
    differs: bool
    cells: list[CellOut]


class Comparison(Envelope):
    offerings: list[OfferingSummary]
    rows: list[CompareRow]


class ChangeOut(Schema):
    id: int
    published_at: dt.datetime
    kind: str
    reason: str
    title: str
    holder: Holder
    question: str
    status: str
    grade_before: str | None
    grade_after: str | None
    fields: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    author: str
    reviewer: str
    credit: str


class ChangeList(Envelope):
    count: int
    next_cursor: str | None
    items: list[ChangeOut]


class OfferingHistory(ChangeList):
    offering: OfferingSummary


class RequirementOut(Schema):
    question: str
    requirement: str
    verdict: str
    reason: str
    evidence_strength: str
    grade: str
    verified: dt.date | None
    steps: list[str]


class FitRowOut(Schema):
    offering: OfferingSummary
    verdict: str
    verdict_label: str
    requirements: list[RequirementOut]
    steps: list[str]


class FitOut(Envelope):
    profile: dict[str, Any]
    evaluated_on: dt.date
    counts: dict[str, int]
    total: int
    count: int
    next_cursor: str | None
    items: list[FitRowOut]


class CellFiguresOut(Schema):
    cells: int
    graded: int
    primary_quote_in_copy: int
    secondary_only: int
    dated: int
    median_age_days: float | None
    p90_age_days: float | None
    expired: int
    shares: dict[str, float]


class HealthPointOut(Schema):
    day: dt.date
    figures: CellFiguresOut
    open_flags: int


class HealthOut(Envelope):
    evaluated_on: dt.date
    coverage: CellFiguresOut
    open_flags: dict[str, int]
    open_flags_total: int
    corrections_decided: int
    correction_turnaround_days: float | None
    monitor_since: dt.datetime
    monitor_outcomes: dict[str, int]
    history: list[HealthPointOut]

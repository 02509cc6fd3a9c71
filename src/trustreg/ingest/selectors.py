"""Reads of ingested documents and candidate claims for the maintainers' page and the CLI."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from trustreg.ingest.models import CandidateClaim, Document

REVIEW_ORDER = [
    "stale",
    "secondary_only",
    "contradicts",
    "not_in_registry",
    "not_recorded",
    "agrees",
    "unclear",
    "not_compared",
]


class NotFound(LookupError):
    """No such document."""


def documents() -> QuerySet[Document]:
    return (
        Document.objects.select_related("offering")
        .annotate(claim_count=Count("claims"))
        .defer("text")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class DocumentView:
    document: Document
    claims: list[CandidateClaim]
    verdicts: dict[str, int]

    @property
    def to_review(self) -> list[CandidateClaim]:
        """Claims that need a human first: stale, secondary-only, contradicting, new."""
        order = {v: i for i, v in enumerate(REVIEW_ORDER)}
        return sorted(self.claims, key=lambda c: (order.get(c.verdict, 99), c.start))


def document_view(document_id: int) -> DocumentView:
    document = Document.objects.select_related("offering").filter(pk=document_id).first()
    if document is None:
        raise NotFound(f"no ingested document {document_id}")
    claims = list(document.claims.all())
    return DocumentView(document, claims, dict(Counter(c.verdict for c in claims)))

"""Ingested documents, their passages and the candidate claims proposed from them.

Rows are written only by ``trustreg.ingest.services``; nothing here changes the registry. A
candidate claim holds its comparison with the offering's cell as it stood at ingestion time.
"""

from __future__ import annotations

from django.db import models

from trustreg.ingest.document import SOURCE_KINDS
from trustreg.ingest.extractor import POLARITIES


class Document(models.Model):
    """One ingested copy of a document: where it came from, what it is, and its text."""

    url = models.URLField(max_length=2000, blank=True)
    name = models.CharField(max_length=300, blank=True)  # file name when uploaded
    offering = models.ForeignKey(
        "registry.Offering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingested_documents",
    )
    title = models.CharField(max_length=400, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    # ISO dates as the document states them, possibly partial ("2026-03"): never invent a day.
    published = models.CharField(max_length=10, blank=True)
    updated = models.CharField(max_length=10, blank=True)
    kind = models.CharField(max_length=20, choices=[(k, k) for k in SOURCE_KINDS])
    kind_reason = models.CharField(max_length=300, blank=True)
    primary = models.BooleanField(default=False)
    media = models.CharField(max_length=10)
    content_type = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    text_extractor = models.CharField(max_length=100)
    claim_extractor = models.CharField(max_length=100)
    metadata = models.JSONField(default=dict, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.url or self.name or f"document {self.pk}"


class Passage(models.Model):
    """A span of the document's text: ``document.text[start:end] == text``."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    leads = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="one_passage_per_index"),
        ]

    def __str__(self) -> str:
        return f"passage {self.index} of document {self.document_id}"


class CandidateClaim(models.Model):
    """What a passage says about one dimension, for a maintainer to decide on."""

    class Verdict(models.TextChoices):
        AGREES = "agrees", "agrees"
        CONTRADICTS = "contradicts", "contradicts"
        SECONDARY_ONLY = "secondary_only", "secondary only"
        STALE = "stale", "stale"
        NOT_RECORDED = "not_recorded", "fact not recorded"
        NOT_IN_REGISTRY = "not_in_registry", "cell not reviewed"
        UNCLEAR = "unclear", "unclear"
        NOT_COMPARED = "not_compared", "not compared (no offering)"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claims")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="claims")
    # The catalogue is data; a claim keeps the id it was extracted for even if the catalogue changes.
    dimension = models.CharField(max_length=60, db_index=True)
    polarity = models.CharField(max_length=12, choices=[(p, p) for p in POLARITIES])
    facts = models.JSONField(default=dict, blank=True)
    quote = models.TextField()
    start = models.PositiveIntegerField()  # offsets of the quote in document.text
    end = models.PositiveIntegerField()
    rules = models.JSONField(default=list, blank=True)
    leads = models.JSONField(default=list, blank=True)
    extractor = models.CharField(max_length=100)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_COMPARED)
    findings = models.JSONField(default=list, blank=True)
    citation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["document_id", "start", "dimension"]

    def __str__(self) -> str:
        return f"{self.dimension} {self.polarity} ({self.verdict})"

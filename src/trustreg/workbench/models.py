"""The maintainers' side: drafts of cell changes and public corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from trustreg.flags.models import Flag


class Draft(models.Model):
    """A proposed change to one cell, written by an editor and published by a reviewer.

    ``data`` is the proposed cell in the data-file shape (``record_data``), validated against the
    dimension when saved; ``snapshots`` maps each source's position to the snapshot that verified
    its quote; ``base`` is the published cell when the draft was written (to show the diff).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"
        WITHDRAWN = "withdrawn", "withdrawn"

    holder = models.CharField(max_length=100)
    dimension = models.ForeignKey("registry.Dimension", on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField(null=True, blank=True)
    base = models.JSONField(null=True, blank=True)
    snapshots = models.JSONField(default=dict, blank=True)
    kind = models.CharField(max_length=30)
    reason = models.TextField()
    credit = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Who wrote the first content (None: written from a public correction, nobody has edited it yet).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="drafts")
    # Who may edit it now; anyone else takes it over first (``draft_take_over``, audited).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="owned_drafts")
    # Bumped by every save; a reviewer publishes the version they saw, or nothing.
    version = models.PositiveIntegerField(default=1)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reviewed_drafts")
    revision = models.ForeignKey("registry.Revision", on_delete=models.SET_NULL, null=True, blank=True)
    flag = models.ForeignKey(Flag, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"draft #{self.pk} of {self.holder}/{self.dimension_id}"


class DraftVersion(models.Model):
    """Every saved version of a draft and who wrote it: the two-person rule reads its editors."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="draft_versions")
    data = models.JSONField(null=True, blank=True)
    kind = models.CharField(max_length=30)
    reason = models.TextField()
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="one_draft_version_number")]


class Correction(models.Model):
    """A public submission against a cell, with evidence; triaged in the workbench."""

    class Outcome(models.TextChoices):
        REGISTRY_WRONG = "registry_wrong", "registry wrong"
        SOURCE_WRONG = "source_wrong", "source wrong"
        BOTH = "both", "both"
        INTENTIONAL = "intentional", "intentional"
        NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "not enough evidence"

    class Status(models.TextChoices):
        RECEIVED = "received", "received"
        ACCEPTED = "accepted", "accepted: change in review"
        PUBLISHED = "published", "published"
        DECLINED = "declined", "declined"

    token = models.CharField(max_length=64, unique=True)
    offering = models.ForeignKey("registry.Offering", on_delete=models.CASCADE, related_name="corrections")
    dimension = models.ForeignKey("registry.Dimension", on_delete=models.CASCADE, related_name="corrections")
    proposed_grade = models.CharField(max_length=30, blank=True)
    proposed_fact_key = models.CharField(max_length=60, blank=True)
    proposed_fact_value = models.CharField(max_length=2000, blank=True)
    evidence_url = models.URLField(max_length=2000)
    quote = models.TextField(blank=True)
    message = models.TextField(blank=True)
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    credit_consent = models.BooleanField(default=False)
    # A keyed hash of the submitter's address: enough to rate-limit, not enough to identify.
    address_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    # Internal: never shown outside the workbench.
    triage_note = models.TextField(blank=True)
    # What the submitter's status page, and for an accepted correction the changelog, say.
    public_reason = models.TextField(blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True, db_index=True)  # health reads the newest
    flag = models.ForeignKey(Flag, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="corrections")
    draft = models.ForeignKey(Draft, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="corrections")
    revision = models.ForeignKey("registry.Revision", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"correction #{self.pk} to {self.offering_id}/{self.dimension_id}"

    @property
    def credit(self) -> str:
        return self.name if self.credit_consent and self.name else ""

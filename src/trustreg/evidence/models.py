"""Evidence: sources, what was kept of them (snapshots), and cells' citations of them."""

from __future__ import annotations

from django.db import models

from trustreg.domain.cells import CitationRole, SourceKind


class Source(models.Model):
    """A document at a URL. Its canonical URL records where it lives now (pages move)."""

    url = models.URLField(max_length=2000, unique=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=[(k.value, k.value) for k in SourceKind])
    title = models.CharField(max_length=400, blank=True)
    archived_url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class Blob(models.Model):
    """Raw bytes stored once, however many snapshots share them."""

    sha256 = models.CharField(primary_key=True, max_length=64)
    data = models.BinaryField()
    size = models.PositiveBigIntegerField()


class Snapshot(models.Model):
    """One copy of a source: fetched by the monitor, uploaded or pasted by a maintainer."""

    class How(models.TextChoices):
        FETCHED = "fetched", "fetched"
        UPLOADED = "uploaded", "uploaded"
        PASTED = "pasted", "pasted"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(db_index=True)
    how = models.CharField(max_length=10, choices=How.choices)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots")
    content_type = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    text_extractor = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        get_latest_by = "taken_at"


class Citation(models.Model):
    """A cell's link to a source with the exact quote that supports (or not) it."""

    cell = models.ForeignKey("registry.Cell", on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="citations")
    quote = models.TextField(blank=True)
    role = models.CharField(max_length=20, choices=[(r.value, r.value) for r in CitationRole],
                            default=CitationRole.SUPPORTS.value)
    primary = models.BooleanField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cell_id", "position", "id"]

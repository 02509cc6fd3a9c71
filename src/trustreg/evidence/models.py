"""Evidence: sources, what was kept of them (snapshots), and cells' citations of them."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models

from trustreg.dbfields import OrderedJSONField
from trustreg.domain.cells import CitationRole, SourceKind


def new_public_id() -> str:
    """The id in public URLs: 96 random bits, so private objects cannot be found by counting."""
    return secrets.token_urlsafe(12)


class Source(models.Model):
    """A document at a URL. Its canonical URL records where it lives now (pages move).

    Visitors see a source only while a published cell cites it (``trustreg.evidence.exposure``)."""

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
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
    """One copy of a source: fetched by the monitor, uploaded or pasted by a maintainer, or a kept
    copy bundled with the registry's data files (loaded with them)."""

    class How(models.TextChoices):
        FETCHED = "fetched", "fetched"
        UPLOADED = "uploaded", "uploaded"
        PASTED = "pasted", "pasted"
        BUNDLED = "bundled", "bundled with the data"

    public_id = models.CharField(max_length=24, unique=True, default=new_public_id, editable=False)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(db_index=True)
    how = models.CharField(max_length=10, choices=How.choices)
    # Shown to visitors: fetched copies of public pages are, bundled ones when their metadata says
    # so; an uploaded or pasted copy (maybe of an NDA-gated report) once a maintainer marks it public.
    public = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots")
    content_type = models.CharField(max_length=200, blank=True)
    # The newest extraction's text, stamp and error (``Extraction``), kept here for every reader.
    text = models.TextField(blank=True)
    text_extractor = models.CharField(max_length=100, blank=True)
    # Why no text could be derived (the bytes are still kept and can be re-derived later).
    extract_error = models.TextField(blank=True)
    # A bundled copy: its id in the data files (copies/<id>.txt) and what its metadata file says of
    # it (title, publisher, kind, retrieved, whether that is the copy's own date, how obtained...).
    bundle_copy = models.CharField(max_length=120, blank=True, db_index=True)
    provenance = OrderedJSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        get_latest_by = "taken_at"


class Extraction(models.Model):
    """One derivation of a kept copy's text, stamped with what made it; never edited.

    A copy's first extraction is made when it is kept: by our extractor from the raw bytes
    (fetched and uploaded copies), or the text itself (pasted and bundled copies, stamped so and
    never re-derived). When our extractor changes, re-deriving adds an extraction with cause
    ``extractor``: the vendor changed nothing. The snapshot's ``text`` is its newest extraction's.
    """

    class Cause(models.TextChoices):
        KEPT = "kept", "kept with the copy"
        EXTRACTOR = "extractor", "our extractor changed"

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="extractions")
    extractor = models.CharField(max_length=100)  # e.g. "v3:trafilatura", "pasted", "bundled"
    text = models.TextField(blank=True)
    error = models.TextField(blank=True)
    cause = models.CharField(max_length=20, choices=Cause.choices)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["snapshot_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"extraction of snapshot {self.snapshot_id} by {self.extractor} ({self.cause})"


# Kept copies that are public from the start: copies of pages anyone can fetch. A bundled copy is
# public when its metadata file says so (copies/<id>.yaml ``public``).
PUBLIC_WHEN_KEPT = frozenset({Snapshot.How.FETCHED})


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
    # The latest quote check's dates, kept here by the service that records checks (same
    # transaction), so pages read two columns instead of aggregating the whole check history.
    quote_last_checked = models.DateTimeField(null=True, blank=True)  # looked for, found or not
    quote_last_seen = models.DateTimeField(null=True, blank=True)  # last found

    class Meta:
        ordering = ["cell_id", "position", "id"]


# -- The evidence monitor's records ------------------------------------------------------------


class MonitorState(models.Model):
    """The monitor's bookkeeping for one source: when it is next due and what it last saw."""

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="monitor_state"
    )
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A lease: set while the source is queued or being checked, so no two workers take it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)  # last time the page itself came back
    last_outcome = models.CharField(max_length=30, blank=True)
    last_reason = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    latest_snapshot = models.ForeignKey(
        Snapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"monitor state of source {self.source_id}"


class FetchAttempt(models.Model):
    """One try at fetching a source and what the checks found: the monitor's log, never edited."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetch_attempts")
    started_at = models.DateTimeField(db_index=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    via = models.CharField(max_length=20)  # run | worker | manual
    outcome = models.CharField(max_length=30, db_index=True)
    reason = models.TextField(blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    retry_at = models.DateTimeField(null=True, blank=True)
    findings = models.JSONField(default=list, blank=True)  # [{"kind": ..., "detail": ...}]

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.requested_url} at {self.started_at:%Y-%m-%d %H:%M}: {self.outcome}"


class QuoteCheck(models.Model):
    """Whether a citation's quote was found in one snapshot: the log behind the citation's dates.

    Old checks are pruned under ``trustreg.evidence.retention`` (every change is kept forever)."""

    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="quote_checks")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="quote_checks")
    checked_at = models.DateTimeField(db_index=True)
    present = models.BooleanField()

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        found = "found" if self.present else "missing"
        return f"citation {self.citation_id} {found} in snapshot {self.snapshot_id}"


def quote_key(quote: str) -> str:
    """The key of a quote in ``QuoteDates``: its SHA-256 (PostgreSQL's B-tree rejects long text)."""
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()


class QuoteDates(models.Model):
    """When the monitor last looked for one quote on one source and last found it, kept once per
    (source, quote) however many citations share it: written with every quote check
    (``trustreg.evidence.quotedates``), read by the pages instead of grouping the citations."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="quote_dates")
    quote_hash = models.CharField(max_length=64)  # ``quote_key(quote)``
    quote = models.TextField()
    last_checked = models.DateTimeField(null=True, blank=True)  # looked for, found or not
    last_seen = models.DateTimeField(null=True, blank=True)  # last found

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "quote_hash"], name="quote_dates_once")]

    def __str__(self) -> str:
        return f"quote {self.quote_hash[:12]} on source {self.source_id}"


class SourceChange(models.Model):
    """The text of a source changed between two snapshots: the word diff, as shown to maintainers."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="changes")
    before = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="+")
    after = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="+")
    detected_at = models.DateTimeField(db_index=True)
    words_added = models.PositiveIntegerField()
    words_removed = models.PositiveIntegerField()
    diff = models.JSONField(default=dict)

    class Meta:
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"source {self.source_id} changed: -{self.words_removed} +{self.words_added} words"

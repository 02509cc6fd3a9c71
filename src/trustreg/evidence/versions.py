"""Versions of a kept copy's text: every extraction is a row beside the raw bytes (``Extraction``).

The snapshot's own ``text`` is its newest extraction's, so every reader keeps reading one column;
these functions, called inside the caller's transaction, keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from trustreg.evidence.models import Extraction, Snapshot


def extractions_start(snapshots: Iterable[Snapshot], *, at: dt.datetime | None = None) -> int:
    """Record the first extraction of newly kept copies: the text they were kept with."""
    at = at or timezone.now()
    rows = [
        Extraction(snapshot=s, extractor=s.text_extractor or s.how, text=s.text, error=s.extract_error,
                   cause=Extraction.Cause.KEPT, created_at=at)
        for s in snapshots
    ]
    Extraction.objects.bulk_create(rows, batch_size=200)
    return len(rows)


def extraction_add(snapshot: Snapshot, *, text: str, extractor: str, error: str, cause: str) -> Extraction:
    """A new extraction of ``snapshot``, which now reads it; the earlier ones stay as they were."""
    row = Extraction.objects.create(snapshot=snapshot, extractor=extractor, text=text, error=error, cause=cause,
                                    created_at=timezone.now())
    snapshot.text, snapshot.text_extractor, snapshot.extract_error = text, extractor, error
    snapshot.save(update_fields=["text", "text_extractor", "extract_error"])
    return row

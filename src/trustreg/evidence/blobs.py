"""Raw bytes kept once per content hash, whoever stores them (monitor fetches, uploads, pastes)."""

from __future__ import annotations

import hashlib

from trustreg.evidence.models import Blob


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_store(data: bytes, sha256: str | None = None) -> str:
    """Keep bytes once per content hash (safe when two writers store the same bytes at once)."""
    digest = sha256 or sha256_of(data)
    Blob.objects.bulk_create([Blob(sha256=digest, data=data, size=len(data))], ignore_conflicts=True)
    return digest

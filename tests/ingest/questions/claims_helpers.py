"""The facts the extractor finds for one question in a passage."""

from __future__ import annotations

from trustreg.ingest.extractor import extract_claims


def facts(text: str, dimension: str) -> dict:
    for claim in extract_claims(text):
        if claim.dimension == dimension:
            return claim.facts
    raise AssertionError(f"no {dimension} claim in {text!r}")

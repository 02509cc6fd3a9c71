"""Guarded fetching of sources (framework-free).

    from trustreg.evidence.fetch import fetch, FetchSettings
    result = fetch("https://vendor.example/privacy")   # -> FetchResult, never raises
    if result.ok: result.body, result.content_type, result.final_url

`check_url` answers "would the fetcher fetch this, and if not, why" without fetching.
"""

from __future__ import annotations

import functools

from .addresses import is_fetchable, refusal_reason
from .check import UrlVerdict, check_url
from .fetcher import Fetcher
from .outcomes import FetchResult, Outcome, PreviousFetch
from .settings import FetchSettings

__all__ = [
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "Outcome",
    "PreviousFetch",
    "UrlVerdict",
    "check_url",
    "fetch",
    "fetcher_for",
    "is_fetchable",
    "refusal_reason",
]


@functools.cache
def fetcher_for(settings: FetchSettings) -> Fetcher:
    """One shared fetcher per settings value (keeps pools, robots cache and per-host delays)."""
    return Fetcher(settings)


def fetch(
    url: str, *, previous: PreviousFetch | None = None, settings: FetchSettings | None = None
) -> FetchResult:
    return fetcher_for(settings or FetchSettings()).fetch(url, previous=previous)

"""Turn fetched or uploaded bytes into plain text, safely.

One entry point, :func:`extract`, for HTML, PDF, Markdown (with YAML front matter) and plain text.
Every input is hostile: size-limited before anything is parsed, PDFs parsed in a time- and
memory-limited subprocess, HTML never allowed to fetch anything, scripts and styles never reach the
text, and undecodable or binary input refused with a message that says why.

The evidence monitor stores snapshots' extracted text; ``EXTRACTOR_VERSION`` changes whenever the
rules here change, so stored copies can be re-derived from the raw bytes.
"""

from __future__ import annotations

from trustreg.textextract.base import EXTRACTOR_VERSION, Extracted, ExtractionError
from trustreg.textextract.core import detect_media, extract

__all__ = ["EXTRACTOR_VERSION", "Extracted", "ExtractionError", "detect_media", "extract"]

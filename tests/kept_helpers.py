"""A bundled registry whose Azure OpenAI training cell cites a public kept copy, plus a private one."""

from __future__ import annotations

import datetime as dt
import hashlib

from trustreg.domain.bundle import Bundle
from trustreg.domain.copies import CopyRecord
from trustreg.domain.fieldtypes import replace

CELL = "training_on_customer_data"


def _copy(copy_id: str, url: str, text: str, *, public: bool) -> CopyRecord:
    return CopyRecord(
        id=copy_id, url=url, title="Data, privacy, and security", publisher="Microsoft", kind="vendor_doc",
        retrieved=dt.date(2026, 7, 5), retrieved_is_copy_date=True, obtained="saved from the page",
        sha256=hashlib.sha256(text.encode()).hexdigest(), public=public, text=text,
    )


def with_kept_copies(bundle: Bundle) -> Bundle:
    azure = next(o for o in bundle.offerings if o.id == "azure-openai")
    cell = azure.cells[CELL]
    source = next(s for s in cell.sources if s.primary and s.quote)
    public = _copy("azure-data-privacy", source.url, f"Intro. {source.quote} Outro.", public=True)
    private = _copy("azure-private-note", "https://example.com/private", "Not for publication.", public=False)
    sources = tuple(replace(s, copy=public.id) if s is source else s for s in cell.sources)
    azure = replace(azure, cells={**azure.cells, CELL: replace(cell, sources=sources)})
    offerings = tuple(azure if o.id == azure.id else o for o in bundle.offerings)
    return replace(bundle, offerings=offerings, copies=(public, private))

"""Ingesting the registry's own page for an offering agrees with the bundled registry (issue 14, item 4)."""

from __future__ import annotations

from trustreg.ingest.services import document_ingest

ENTRY = "registry-entry-azure-openai.txt"


def test_the_registrys_own_page_raises_no_contradiction(registry, seed):
    document = document_ingest(actor="test", data=seed(ENTRY), name=ENTRY, offering_id="azure-openai")
    claims = list(document.claims.all())
    assert claims, "the page states the registry's answers; the extractor must read some of them"
    contradictions = [
        (
            c.dimension,
            c.polarity,
            c.quote[:100],
            [f["reason"] for f in c.findings if f["kind"] == "contradicts"],
        )
        for c in claims
        if any(f["kind"] == "contradicts" for f in c.findings)
    ]
    assert contradictions == []

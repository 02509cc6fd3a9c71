"""The whole framework-free pipeline: extracted text -> document description, passages, claims.

Claims here carry offsets into the *document* text, the passage they came from and its leads
(links of the quotation the passage sits in), ready to be stored or compared with the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trustreg.ingest.document import DocumentInfo, describe, is_primary
from trustreg.ingest.extractor import EXTRACTOR_NAME, extract_claims
from trustreg.ingest.passages import Passage, split_passages
from trustreg.textextract import Extracted


@dataclass(frozen=True)
class DocumentClaim:
    passage: int  # index into Analysis.passages
    dimension: str
    polarity: str
    facts: dict[str, Any]
    quote: str
    start: int  # offsets of the quote in the document text
    end: int
    rules: tuple[str, ...]
    leads: tuple[str, ...]
    extractor: str = EXTRACTOR_NAME


@dataclass(frozen=True)
class Analysis:
    text: str
    info: DocumentInfo
    primary: bool
    passages: list[Passage] = field(default_factory=list)
    claims: list[DocumentClaim] = field(default_factory=list)


def claims_of_passages(passages: list[Passage]) -> list[DocumentClaim]:
    claims = []
    for passage in passages:
        for claim in extract_claims(passage.text):
            claims.append(
                DocumentClaim(
                    passage=passage.index,
                    dimension=claim.dimension,
                    polarity=claim.polarity,
                    facts=claim.facts,
                    quote=claim.quote,
                    start=passage.start + claim.start,
                    end=passage.start + claim.end,
                    rules=claim.rules,
                    leads=passage.leads,
                    extractor=claim.extractor,
                )
            )
    return claims


def analyse(extracted: Extracted, *, url: str | None = None, parties: list[str] | None = None) -> Analysis:
    """Describe, split and extract; ``parties`` are the offering's developer and platform names."""
    info = describe(
        text=extracted.text,
        title=extracted.title,
        media=extracted.media,
        extractor=extracted.extractor,
        metadata=extracted.metadata,
        url=url,
    )
    passages = split_passages(extracted.text)
    return Analysis(
        text=extracted.text,
        info=info,
        primary=is_primary(kind=info.kind, url=url, publisher=info.publisher, parties=parties or []),
        passages=passages,
        claims=claims_of_passages(passages),
    )

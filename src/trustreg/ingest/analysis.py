"""The whole framework-free pipeline: extracted text -> document description, passages, claims.

Claims here carry offsets into the *document* text, the passage they came from and its leads
(links of the quotation the passage sits in), ready to be stored or compared with the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from trustreg.ingest import cues
from trustreg.ingest import scope as guide
from trustreg.ingest.document import DocumentInfo, describe, is_primary
from trustreg.ingest.extractor import EXTRACTOR_NAME, Claim, extract_claims
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


_HEADING = re.compile(r"^\s*#{1,6}\s+\S|^[^.!?;:\n]{3,80}$")
# "This is available to approved customers only.": a passage that leans on its heading for its subject.
_ANAPHOR = re.compile(
    r"^\W*(?:this|it|these|they|such|the\s+(?:feature|option|setting|service|offer|agreement))\b", re.I
)


def _with_context(passage: Passage, context: str | None, previous: str | None = None) -> list[Claim]:
    """Claims of the passage; a passage that claims nothing by itself and leans on what came before
    ("It requires approval.") is read under its heading (or the preceding lead-in line), else after the
    last sentence of the preceding passage, keeping the passage as the quote and taking its polarity
    from the passage."""
    found = extract_claims(passage.text)
    if found or not _ANAPHOR.match(passage.text):
        return found
    if context:
        heading = context.strip().lstrip("#").strip().rstrip(":")
        borrowed = _borrowed(passage, f"{heading}: {passage.text}", "context.heading")
        if borrowed:
            return borrowed
    if previous:
        spans = cues.sentences(previous)
        last = previous[spans[-1].start : spans[-1].end].strip() if spans else previous.strip()
        return _borrowed(passage, f"{last} {passage.text}", "context.previous")
    return []


def _borrowed(passage: Passage, reading: str, rule: str) -> list[Claim]:
    borrowed = []
    for claim in extract_claims(reading):
        polarity = claim.polarity
        if polarity != "unclear":
            if cues.negated(passage.text):
                polarity = "conditional" if cues.conditional(passage.text) else "negative"
            elif cues.conditional(passage.text):
                polarity = "conditional"
            polarity = guide.labelled_polarity(claim.dimension, passage.text, polarity)
        text = passage.text.rstrip()
        borrowed.append(
            replace(
                claim,
                polarity=polarity,
                quote=text,
                start=0,
                end=len(text),
                rules=(*claim.rules, rule),
            )
        )
    return borrowed


def claims_of_passages(passages: list[Passage]) -> list[DocumentClaim]:
    claims = []
    context: str | None = None
    previous: str | None = None
    for passage in passages:
        found = _with_context(passage, context, previous)
        if _HEADING.match(passage.text) or passage.text.rstrip().endswith(":"):
            context = passage.text
        previous = passage.text
        for claim in found:
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

"""The ingestion write path: a document in, a document record with passages and candidate claims
out, compared with the offering's current cells. All-or-nothing, with its audit row.

Nothing here changes the registry: candidates wait for a maintainer's decision.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.bundle.kept_file import is_excerpt
from trustreg.domain.cells import ResolvedCell
from trustreg.domain.copies import CopyRecord
from trustreg.evidence.services import snapshot_keep_ingested
from trustreg.flags.services import flag_raise
from trustreg.ingest.analysis import Analysis, DocumentClaim, analyse
from trustreg.ingest.compare import ClaimFacts, Comparison, compare
from trustreg.ingest.document import is_primary
from trustreg.ingest.extractor import EXTRACTOR_NAME
from trustreg.ingest.models import CandidateClaim, Document, Passage
from trustreg.registry import selectors
from trustreg.registry.models import Dimension, Offering
from trustreg.textextract import ExtractionError, extract

MAX_DOCUMENT_BYTES = 20_000_000


class IngestRefused(ValueError):
    """The document cannot be ingested; the message names it and says why. Nothing was written."""


@dataclass(frozen=True)
class Prepared:
    """Everything computed before the transaction, so the transaction only writes."""

    analysis: Analysis
    comparisons: list[Comparison | None]
    offering: Offering | None


def _as_kept_copy(analysis: Analysis, copy: CopyRecord, *, url: str, parties: list[str]) -> Analysis:
    """The analysis described by the kept copy's own metadata rather than by guesses from its text:
    a kept copy already says what it is, who published it, when it was retrieved and how."""
    info = replace(
        analysis.info,
        title=copy.title,
        publisher=copy.publisher,
        kind=copy.kind,
        kind_reason=f"as its kept copy's metadata says (copies/{copy.id}.yaml)",
        metadata={
            **analysis.info.metadata,
            "kept_copy": copy.id,
            "retrieved": copy.retrieved.isoformat(),
            "retrieved_is_copy_date": "yes" if copy.retrieved_is_copy_date else "no",
            "excerpt": "yes" if is_excerpt(copy) else "no",
            "obtained": copy.obtained,
            "sha256": copy.sha256,
        },
    )
    primary = is_primary(kind=copy.kind, url=url, publisher=copy.publisher, parties=parties)
    return replace(analysis, info=info, primary=primary)


def _offering(offering_id: str | None) -> Offering | None:
    if not offering_id:
        return None
    offering = Offering.objects.select_related("developer", "platform").filter(id=offering_id).first()
    if offering is None:
        raise IngestRefused(f"--offering {offering_id!r}: no such offering in the registry")
    return offering


def _parties(offering: Offering | None) -> list[str]:
    if offering is None:
        return []
    names = [
        offering.developer.name,
        offering.platform.name,
        offering.developer.organisation,
        offering.platform.organisation,
    ]
    return [n for n in names if n]


def citation_for(analysis: Analysis, claim: DocumentClaim, *, url: str) -> dict[str, Any]:
    """A citation a maintainer can paste into a cell: where, what kind, primary or not, the quote."""
    return {
        "url": url,
        "kind": analysis.info.kind,
        "primary": analysis.primary,
        "quote": claim.quote,
        "publisher": analysis.info.publisher or "",
        "title": analysis.info.title,
        "leads": list(claim.leads),
    }


def prepare(
    *,
    data: bytes,
    name: str = "",
    url: str = "",
    content_type: str | None = None,
    offering_id: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    kept_copy: CopyRecord | None = None,
) -> Prepared:
    what = url or name or "the document"
    if url and not re.fullmatch(r"https?://[^\s<>\"']{1,1990}", url):
        raise IngestRefused(f"--url {url[:80]!r}: expected an http(s) URL")
    offering = _offering(offering_id)
    try:
        extracted = extract(data, content_type=content_type, name=name or url or None, max_bytes=max_bytes)
    except ExtractionError as exc:
        raise IngestRefused(f"{what}: {exc}") from None
    analysis = analyse(extracted, url=url or None, parties=_parties(offering))
    if kept_copy is not None:
        analysis = _as_kept_copy(analysis, kept_copy, url=url, parties=_parties(offering))
    comparisons: list[Comparison | None] = [None] * len(analysis.claims)
    if offering is not None:
        cells: dict[str, ResolvedCell] = {
            c.dimension.id: c for c in selectors.offering_view(offering.id).cells
        }
        date = analysis.info.updated or analysis.info.published
        for i, claim in enumerate(analysis.claims):
            cell = cells.get(claim.dimension)
            if cell is not None:
                comparisons[i] = compare(
                    ClaimFacts(
                        claim.dimension, claim.polarity, claim.facts, analysis.primary, date, claim.quote
                    ),
                    cell,
                )
    return Prepared(analysis, comparisons, offering)


def document_ingest(
    *,
    actor: Actor,
    data: bytes,
    name: str = "",
    url: str = "",
    content_type: str | None = None,
    offering_id: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    kept_copy: CopyRecord | None = None,
    fetched: bool = False,
) -> Document:
    """Extract, describe, split, propose claims and compare them; store it all or nothing.

    A document with a URL is also kept as a copy of that source (``fetched``: from that URL),
    so the citations it proposes can be published as they are.

    The same bytes ingested again reuse their document record (its claims are compared afresh with
    the registry as it is now); only a different analysis (another extractor) makes a new record.
    A ``kept_copy`` (the document is that copy's text) describes the document by its own metadata."""
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = Document.objects.filter(sha256=sha256).order_by("id").first()
    if earlier is not None and not offering_id and earlier.offering_id:
        offering_id = earlier.offering_id  # compare against the offering it was ingested for
    prepared = prepare(
        data=data, name=name, url=url, content_type=content_type, offering_id=offering_id, max_bytes=max_bytes,
        kept_copy=kept_copy,
    )
    analysis = prepared.analysis
    info = analysis.info
    if earlier is not None:
        with transaction.atomic():
            reused = _reuse(actor, earlier, prepared, url=url, name=name)
            if reused is not None:
                _keep_copy(actor, prepared, data=data, url=url or reused.url, content_type=content_type,
                           fetched=fetched)
                return reused
    with transaction.atomic():
        document = Document.objects.create(
            url=url[:2000],
            name=name[:300],
            offering=prepared.offering,
            title=info.title[:400],
            publisher=(info.publisher or "")[:200],
            author=(info.author or "")[:200],
            published=info.published or "",
            updated=info.updated or "",
            kind=info.kind,
            kind_reason=info.kind_reason[:300],
            primary=analysis.primary,
            media=info.media,
            content_type=(content_type or "")[:200],
            sha256=sha256,
            size=len(data),
            text_extractor=info.extractor[:100],
            claim_extractor=EXTRACTOR_NAME,
            metadata=info.metadata,
            text=analysis.text,
            created_by=audit.actor_name(actor)[:150],
        )
        passages = Passage.objects.bulk_create(
            [
                Passage(
                    document=document,
                    index=p.index,
                    start=p.start,
                    end=p.end,
                    text=p.text,
                    leads=list(p.leads),
                )
                for p in analysis.passages
            ]
        )
        by_index = {p.index: p for p in passages}
        CandidateClaim.objects.bulk_create(
            [
                CandidateClaim(
                    document=document,
                    passage=by_index[claim.passage],
                    dimension=claim.dimension,
                    polarity=claim.polarity,
                    facts=claim.facts,
                    quote=claim.quote,
                    start=claim.start,
                    end=claim.end,
                    rules=list(claim.rules),
                    leads=list(claim.leads),
                    extractor=claim.extractor,
                    **_judged(comparison),
                    citation=citation_for(analysis, claim, url=url),
                )
                for claim, comparison in zip(analysis.claims, prepared.comparisons, strict=True)
            ]
        )
        _keep_copy(actor, prepared, data=data, url=url, content_type=content_type, fetched=fetched)
        flags = _raise_flags(actor, document, prepared.offering)
        audit.record(
            actor=actor,
            action="document_ingest",
            target=f"ingest.document:{document.pk}",
            detail={
                "url": url,
                "name": name,
                "offering": offering_id or "",
                "kind": info.kind,
                "passages": len(passages),
                "claims": len(analysis.claims),
                "sha256": document.sha256,
                "flags": flags,
            },
        )
    return document


def _keep_copy(
    actor: Actor, prepared: Prepared, *, data: bytes, url: str, content_type: str | None, fetched: bool,
) -> None:
    """Keep the document as a snapshot of its source: its ready citations then need no other copy."""
    if not url or "kept_copy" in prepared.analysis.info.metadata:
        return  # no address anyone can cite, or a bundled kept copy (kept by the load already)
    info = prepared.analysis.info
    snapshot_keep_ingested(
        actor=actor, url=url, data=data, text=prepared.analysis.text, extractor=info.extractor,
        content_type=content_type or "", fetched=fetched, kind=info.kind, title=info.title,
        publisher=info.publisher or "",
    )


def _judged(comparison: Comparison | None) -> dict[str, Any]:
    """A candidate claim's verdict and findings from its comparison (none without an offering)."""
    if comparison is None:
        return {"verdict": CandidateClaim.Verdict.NOT_COMPARED, "findings": []}
    return {"verdict": comparison.verdict, "findings": comparison.as_dict()["findings"]}


def _claim_key(dimension: str, polarity: str, start: int, end: int) -> tuple[str, str, int, int]:
    return (dimension, polarity, start, end)


def _reuse(actor: Actor, document: Document, prepared: Prepared, *, url: str, name: str) -> Document | None:
    """Refresh ``document`` in place when it holds the same analysis; None when it does not."""
    analysis = prepared.analysis
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        claims = {_claim_key(c.dimension, c.polarity, c.start, c.end): c for c in locked.claims.all()}
        wanted = [_claim_key(c.dimension, c.polarity, c.start, c.end) for c in analysis.claims]
        if (
            locked.text != analysis.text
            or locked.claim_extractor != EXTRACTOR_NAME
            or sorted(claims) != sorted(wanted)
        ):
            return None
        for claim, comparison, key in zip(analysis.claims, prepared.comparisons, wanted, strict=True):
            row = claims[key]
            judged = _judged(comparison)
            row.verdict, row.findings = judged["verdict"], judged["findings"]
            row.citation = citation_for(analysis, claim, url=url or locked.url)
        CandidateClaim.objects.bulk_update(list(claims.values()), ["verdict", "findings", "citation"])
        locked.offering = prepared.offering
        locked.url = locked.url or url[:2000]
        locked.name = locked.name or name[:300]
        locked.save(update_fields=["offering", "url", "name"])
        flags = _raise_flags(actor, locked, prepared.offering)
        audit.record(
            actor=actor,
            action="document_ingest",
            target=f"ingest.document:{locked.pk}",
            detail={
                "url": url,
                "name": name,
                "offering": locked.offering_id or "",
                "reused": True,
                "claims": len(claims),
                "sha256": locked.sha256,
                "flags": flags,
            },
        )
    return locked


# Verdicts that need a maintainer's decision, and the workbench flag kind each raises.
FLAG_KINDS = {
    "stale": "candidate_claim",
    "secondary_only": "secondary_only",
    "contradicts": "conflicting",
    "not_in_registry": "candidate_claim",
}


def _raise_flags(actor: Actor, document: Document, offering: Offering | None) -> int:
    """One open flag per claim needing a decision, keyed so re-ingesting does not raise it twice."""
    if offering is None:
        return 0
    dimensions = {d.id: d for d in Dimension.objects.all()}
    raised = 0
    for claim in document.claims.filter(verdict__in=FLAG_KINDS).order_by("start"):
        reasons = "; ".join(f"{f['kind']}: {f['reason']}" for f in claim.findings)
        _flag, new = flag_raise(
            actor=actor,
            kind=FLAG_KINDS[claim.verdict],
            key=f"ingest:{offering.pk}:{claim.dimension}:{document.sha256[:16]}:{claim.start}",
            title=_flag_title(document, claim),
            detail=f"{claim.quote}\n\n{reasons}",
            data={
                "document": document.pk,
                "claim": claim.pk,
                "citation": claim.citation,
                "facts": claim.facts,
            },
            offering=offering,
            dimension=dimensions.get(claim.dimension),
        )
        raised += new
    return raised


def _flag_title(document: Document, claim: CandidateClaim) -> str:
    verdict = claim.verdict.replace("_", " ")
    return f"Ingested {document.kind}, {verdict}: {claim.dimension} {claim.polarity}"[:300]

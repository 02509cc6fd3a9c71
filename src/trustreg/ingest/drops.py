"""Mentions the extractor drops once every rule has fired: one dimension named as another's vehicle or
subject ("BAA included through the DPA", "summaries of the content used for training"), and the law
described rather than a provider's stance."""

from __future__ import annotations

import re
from typing import Any

_DPA_AS_VEHICLE = re.compile(
    r"\b(?:included|incorporated)\s+(?:through|in|via|into)\s+(?:the\s+)?(?:\w+\s+){0,3}?DPA\b"
)


def drop_vehicle_mentions(text: str, by_dimension: dict[str, list[Any]]) -> None:
    """A DPA named only as the vehicle of a BAA ("included through the DPA") is a HIPAA claim."""
    gdpr = by_dimension.get("gdpr_dpa")
    if (
        gdpr
        and "hipaa_baa" in by_dimension
        and _DPA_AS_VEHICLE.search(text)
        and all(hit.rule.name == "gdpr.dpa" for hit in gdpr)
    ):
        del by_dimension["gdpr_dpa"]


def drop_subprocessors_as_subject(text: str, by_dimension: dict[str, list[Any]]) -> None:
    """ "Our AI sub-processors are prohibited from training on your data": the sub-processors are the
    subject of a training claim, not a list or notice of them (a DPA matter)."""
    gdpr = by_dimension.get("gdpr_dpa")
    training = by_dimension.get("training_on_customer_data")
    if (
        gdpr
        and training
        and all(hit.rule.name == "gdpr.subprocessors" for hit in gdpr)
        and all(any(t.sentence == hit.sentence for t in training) for hit in gdpr)
        and not re.search(r"\blists?\b|\bnotif\w+|\bnotice\b|\bpublish\w*", text, re.IGNORECASE)
    ):
        del by_dimension["gdpr_dpa"]


def drop_summary_mentions(by_dimension: dict[str, list[Any]]) -> None:
    """ "Summaries of the content used for training" speak of Art. 53, not of training on customer data."""
    summary = [h for h in by_dimension.get("art53_summary", []) if h.rule.name == "art53.summary"]
    training = by_dimension.get("training_on_customer_data")
    if summary and training:
        kept = [h for h in training if not any(s.start <= h.end and h.start <= s.end for s in summary)]
        if kept:
            by_dimension["training_on_customer_data"] = kept
        else:
            del by_dimension["training_on_customer_data"]


# "Providers of general-purpose AI models must publish a summary": the law described, no vendor's claim.
_GENERAL_OBLIGATION = re.compile(
    r"^\W*(?:(?:Under|According\s+to|Per|Pursuant\s+to)\s+[^,]{1,60},\s*)?"
    r"(?:[\w\s'’]{0,40}?\b(?:said|says|notes?|noted|explained|stressed)\s+(?:that\s+)?)?"
    r"(?:all\s+|every\s+|any\s+)?(?:providers?|developers?|companies|signatories|model\s+makers)\b[^.]{0,100}?"
    r"\b(?:must|shall|are\s+required\s+to|have\s+to|need\s+to|will\s+need\s+to|is\s+required\s+to)\b",
    re.IGNORECASE,
)


_TAKES_A_SIDE = re.compile(
    r"\b(?:sign\w*|join\w*|adher\w*|commit\w*|endors\w*|reject\w*|refus\w*|declin\w*|support\w*|held\s+back"
    r"|(?:backed|pulled|walked|stayed)\s+(?:out|away))",
    re.IGNORECASE,
)


def drop_general_obligations(text: str, by_dimension: dict[str, list[Any]]) -> None:
    if "gpai_cop" in by_dimension and not _TAKES_A_SIDE.search(text):
        # "The Code of Practice was published on 10 July" says nothing about whether anyone signed it.
        del by_dimension["gpai_cop"]
    for dimension in ("art53_summary", "gpai_cop"):
        hits = by_dimension.get(dimension)
        if hits and all(_GENERAL_OBLIGATION.match(text[h.sentence.start : h.sentence.end]) for h in hits):
            del by_dimension[dimension]

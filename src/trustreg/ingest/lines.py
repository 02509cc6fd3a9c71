"""What kind of line a passage is: a row of a table or portal ("SOC 2 Type II: Yes"), or a title."""

from __future__ import annotations

import re
from typing import Any

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_STATEMENT_WORD = re.compile(
    r"\b(?:is|are|was|were|be|been|not|never|no|none|will|can|cannot|may|does|do|has|have|we|our)\b|n['’]t\b",
    re.IGNORECASE,
)


# A row of a trust portal or comparison table: "SOC 2 Type II: Yes", "Training on customer data: No".
STATUS_LINE = re.compile(
    r"^\s*[-•*+]?\s*(?P<key>[^:\n]{2,60}?)\s*[:–—|]\s*(?P<value>[^\n.]{1,40}?)\s*\.?\s*$", re.IGNORECASE
)
_STATUS_YES = re.compile(
    r"^(?:yes|available|supported|certified|compliant|included|signed|published|offered|enabled|in\s+scope|✓|✔|✅)\b",
    re.IGNORECASE,
)
_STATUS_NO = re.compile(
    r"^(?:no|none|never|not\s+(?:available|supported|offered|certified|applicable|yet|used|in\s+scope|covered|eligible|signed)"
    r"|out\s+of\s+scope|unavailable|n/?a|✗|✘|❌)\b",
    re.IGNORECASE,
)
# "SOC 2 Type II: in progress", "ISO 42001 — 2026 roadmap": neither held nor refused, like an intent.
_STATUS_PLANNED = re.compile(
    r"^(?:in\s+progress|planned|pending|coming\s+soon|on\s+(?:the|our)\s+roadmap|(?:\d{4}\s+|Q\d\s+)?roadmap|underway)\b",
    re.IGNORECASE,
)


_NOT_HELD = re.compile(r"\bnot\s+(?:yet\s+)?(?:certified|held|achieved|audited|attested|compliant)\b", re.IGNORECASE)


def is_verdict(value: str) -> bool:
    """The cell says yes or no ("Yes", "Not available"), not a value such as "14 days"."""
    value = value.strip()
    return bool(_STATUS_YES.match(value) or _STATUS_NO.match(value) or _STATUS_PLANNED.match(value))


def is_clause(value: str) -> bool:
    """A cell that says something in words ("only authorized users submit PHI prompts"), not a verdict, a
    value or a list of names ("Yes", "14 days", "SOC 2 Type II, ISO 27001")."""
    if is_verdict(value):
        return False
    words = WORD.findall(value)
    return len(words) >= 4 and sum(w[0].islower() for w in words) >= 2


def status_polarity(
    value: str, hits: list[Any], polarity: str, facts: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """A table cell's word decides the row; for "Training on customer data: No", "no" is the good answer."""
    if _STATUS_PLANNED.match(value.strip()):
        # "Roadmap — not yet certified" denies holding it (docs/labels.md)
        return ("negative" if _NOT_HELD.search(value) else "conditional"), facts
    said_no = _STATUS_NO.match(value.strip())
    if not said_no and not _STATUS_YES.match(value.strip()):
        return polarity, facts
    if all(hit.rule.mode == "use" for hit in hits):
        facts = {k: v for k, v in facts.items() if k != "no_training"}
        if said_no:
            return "positive", {**facts, "no_training": True}
        return "negative", facts
    if said_no:
        return "negative", {
            k: (False if k in ("baa_available", "zdr_available") else v) for k, v in facts.items()
        }
    return polarity if polarity == "conditional" else "positive", facts


# "Frameworks we map to: SOC 2, ISO 27001": the row names a topic, not what the vendor holds.
_TOPIC_KEY = re.compile(r"\b(?:frameworks?|standards|regulations|laws|map(?:ped|s)?\s+to)\b", re.IGNORECASE)


_GUIDE_VALUE = re.compile(
    r"(?:a|an|the)?\s*(?:[\w-]+\s+){0,2}?(?:guide|checklist|primer|overview|explainer|FAQ|tutorial|deep\s+dive)\b", re.IGNORECASE
)


def is_topic_row(key: str, value: str) -> bool:
    """A row whose key names frameworks or laws and whose cell lists names, not a verdict."""
    if _GUIDE_VALUE.match(value.strip()) or value.strip().endswith("?"):
        return True  # "HIPAA compliance for AI scribes: a practical guide" is a title
    return bool(_TOPIC_KEY.search(key)) and not is_verdict(value)


def is_heading(text: str) -> bool:
    """A short title ("Data residency options"), not a short statement ("- Never used for training")."""
    raw = text.strip()
    if raw.startswith(("-", "•", "*", "+")) and not raw.startswith("**"):
        return False  # a list item says something, however short
    stripped = raw.strip("#*•-+ \t")
    words = WORD.findall(stripped)
    if not 0 < len(words) <= 5 or stripped.endswith((".", ":", "!", "?", ";")) or len(stripped) >= 60:
        return False
    return not _STATEMENT_WORD.search(stripped)

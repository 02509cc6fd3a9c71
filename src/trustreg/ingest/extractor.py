"""The rule-based claim extractor: a passage in, at most one candidate claim per dimension out.

Deterministic and explainable: every claim lists the rules that fired, and its quote is an exact
slice of the passage (``passage[start:end] == quote``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from trustreg.ingest import cues, drops, lines
from trustreg.ingest import scope as guide
from trustreg.ingest.facts import FACT_PARSERS
from trustreg.ingest.facts import OPT_IN as _OPT_IN
from trustreg.ingest.facts import OPT_OUT as _OPT_OUT
from trustreg.ingest.numbers import find_durations
from trustreg.ingest.rules import DIMENSIONS, RULES, Rule, anchor_words_in

RULES_VERSION = "1"
EXTRACTOR_NAME = f"rules/{RULES_VERSION}"
MAX_PASSAGE_CHARS = 5_000
POLARITIES = ("positive", "negative", "conditional", "unclear")


@dataclass(frozen=True)
class Claim:
    dimension: str
    polarity: str
    facts: dict[str, Any]
    quote: str
    start: int  # offsets of the quote in the passage text
    end: int
    rules: tuple[str, ...] = ()
    extractor: str = EXTRACTOR_NAME
    leads: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "polarity": self.polarity,
            "facts": self.facts,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    start: int
    end: int
    sentence: cues.Span
    clause: cues.Span


_OWN_POLICY = re.compile(
    r"(?:your|organi[sz]ation['’]s|own|customer['’]s|company['’]s)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_NOT_RETENTION_CONTEXT = re.compile(
    r"\b(?:notice|invoice|payable|payment|for\s+convenience|refund|notify|in\s+advance)\b",
    re.IGNORECASE,
)
_LINK_LINE = re.compile(r"^[^:]{1,120}:\s*(?:<)?https?://\S+(?:>)?\s*$")
# Certifications and contracts are often listed as bare badges ("SOC 2 Type II", "HIPAA BAA").
_BADGE_DIMENSIONS = {"soc2_type2", "iso_27001", "iso_42001", "hipaa_baa"}
# Facts of these dimensions are read from the sentences that triggered them; others from the passage.
_SENTENCE_SCOPED = {"data_residency", "training_on_customer_data"}
_DATA_SUBJECT = re.compile(
    r"\b(?:data|prompts?|inputs?|outputs?|content|conversations?|completions?|embeddings?|feedback|files?"
    r"|requests?|generations?|information|interactions?|chats?|sessions?|messages?|queries|usage)\b",
    re.IGNORECASE,
)
# Choosing a region is about residency only when the sentence speaks of data ("... to reduce latency" is not).
_DATA_WORDS = re.compile(
    r"\b(?:data|stor\w*|process\w*|host\w*|residen\w*|keep|kept|content|prompts?|completions?|at\s+rest|reside)\b",
    re.IGNORECASE,
)
_WHERE_NOT_HOW_LONG = re.compile(
    r"[^.;]{0,40}?\b(?:at\s+rest|outside)\b|\s+(?:\w+\s+){0,4}?(?:in|within|inside)\s+(?:(?:the|a|an|your)\s+)?[A-Z]"
)
_OPERATIONAL_RECORD = re.compile(
    r"\b(?:audit\s+logs?|billing|invoices?|payments?|tax|backups?|account\s+(?:information|details|records)"
    r"|API\s+keys?|security\s+(?:events?|logs?)|access\s+logs?|metadata|telemetry|metering|tickets?)\b",
    re.IGNORECASE,
)
_OTHER_SIGNABLE = re.compile(
    r"\b(?:BAAs?|DPAs?|NDAs?|agreements?|contracts?|addend(?:um|a)|amendments?|Business\s+Associate|form|letter|petition"
    r"|terms|SCCs?|clauses|order)\b",
    re.IGNORECASE,
)
_TRANSFER_MECHANISM = re.compile(
    r"\b(?:Standard\s+Contractual\s+Clauses|SCCs?|adequacy|Data\s+Privacy\s+Framework|DPF|safeguards?|Binding\s+Corporate)\b",
    re.IGNORECASE,
)
_PUBLIC_CORPUS = re.compile(
    r"\b(?:public\w*|web|internet|licensed|synthetic|open[- ]source|datasets?|crawl\w*|books?)\b",
    re.IGNORECASE,
)
_CUSTOMER_DATA = re.compile(
    r"\b(?:your|customers?['’]?s?|users?['’]?s?|business|API|enterprise|clients?|prompts?|conversations?|chats?)\b",
    re.IGNORECASE,
)


def extract_claims(text: str) -> list[Claim]:
    """Candidate claims stated by one passage, in the catalogue's dimension order."""
    if not text or not text.strip():
        return []
    text = text[:MAX_PASSAGE_CHARS]
    if _LINK_LINE.match(text.strip()):
        return []  # "Title: https://..." is a reference, not a statement
    sentences = cues.sentences(text)
    status = lines.STATUS_LINE.match(text)
    heading = lines.is_heading(text) and not status
    by_dimension: dict[str, list[_Hit]] = {}
    # Each rule scans only the sentences holding its anchor words: long passages stay fast.
    lowered = [(span, anchor_words_in(text[span.start : span.end].lower())) for span in sentences]
    for rule, groups in _RULE_ANCHORS:
        if heading and rule.dimension not in _BADGE_DIMENSIONS:
            continue
        for sentence, present in lowered:
            for group in groups:  # rule.may_match, with set operations done in C
                if group.isdisjoint(present):
                    break
            else:
                by_dimension_add(by_dimension, rule, text, sentence)
    _prefer_fixed_wording(by_dimension)
    drops.drop_vehicle_mentions(text, by_dimension)
    drops.drop_summary_mentions(by_dimension)
    drops.drop_general_obligations(text, by_dimension)
    for dimension in list(by_dimension):
        if not status and not guide.is_claim(
            dimension, text, [_mention(text, h) for h in by_dimension[dimension]]
        ):
            del by_dimension[dimension]
    short = len(sentences) <= 3
    claims = []
    for dimension in DIMENSIONS:
        hits = by_dimension.get(dimension)
        if not hits:
            continue
        scope = _scope_text(text, hits) if dimension in _SENTENCE_SCOPED else text
        if dimension == "gpai_cop":
            # The clause naming the Code speaks for it; a bare "signed" elsewhere is only a fallback.
            named = [h for h in hits if h.rule.name == "gpai.code"] or hits
            scope = " ".join(text[h.clause.start : h.clause.end] for h in named)
        facts = FACT_PARSERS[dimension](scope)
        if dimension == "training_on_customer_data" and _OPT_OUT.search(text):
            # "... may be used to improve our models. You can switch this off in settings.": the
            # opt-out often sits in the next sentence, outside the sentences that fired.
            facts.setdefault("opt_out_available", True)
        # A long passage is read around the claim: a hedge three sentences away is about something else.
        near = text if short else _around(text, sentences, hits)
        polarity = "unclear" if cues.unclear(near) else _polarity(dimension, text, hits, facts, near)
        if status:
            polarity, facts = lines.status_polarity(status.group("value"), hits, polarity, facts)
        if not status or not lines.is_verdict(status.group("value")):
            # a cell with a value ("Business: 14 days") is read like a sentence
            polarity = guide.labelled_polarity(dimension, text, polarity, [_mention(text, h) for h in hits])
        if (
            dimension == "retention_zdr"
            and "retention_days" not in facts
            and any(h.rule.name == "retention.table_cell" for h in hits)
        ):
            days = [d.days_high for d in find_durations(text) if d.unit != "hour"]
            if days:
                facts["retention_days"] = max(days)
        start, end = _quote_span(text, hits)
        claims.append(
            Claim(
                dimension=dimension,
                polarity=polarity,
                facts=facts,
                quote=text[start:end],
                start=start,
                end=end,
                rules=tuple(dict.fromkeys(hit.rule.name for hit in hits)),
            )
        )
    return claims


_RULE_ANCHORS = tuple((rule, tuple(frozenset(group) for group in rule.anchors)) for rule in RULES)


def by_dimension_add(by_dimension: dict[str, list[_Hit]], rule: Rule, text: str, sentence: cues.Span) -> None:
    for match in rule.pattern.finditer(text, sentence.start, sentence.end):
        if _accept(rule, text, match):
            clause = cues.clause_of(text, sentence, match.start())
            by_dimension.setdefault(rule.dimension, []).append(
                _Hit(rule, match.start(), match.end(), sentence, clause)
            )


def _around(text: str, sentences: list[cues.Span], hits: list[_Hit]) -> str:
    """The sentences holding the hits and the sentence after each (where answers and caveats sit)."""
    keep: set[int] = set()
    for hit in hits:
        index = sentences.index(hit.sentence) if hit.sentence in sentences else 0
        keep.update((index, index + 1))
    return " ".join(text[sentences[i].start : sentences[i].end] for i in sorted(keep) if i < len(sentences))


def _mention(text: str, hit: _Hit) -> guide.Mention:
    return guide.Mention(
        hit.rule.name,
        text[hit.sentence.start : hit.sentence.end],
        text[hit.clause.start : hit.clause.end],
        text[hit.start : hit.end],
    )


def _accept(rule: Rule, text: str, match: re.Match[str]) -> bool:
    """Context checks a regular expression cannot express."""
    if rule.name == "retention.policy":
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 20]
        return not _OWN_POLICY.search(before) and not re.match(r"\s+and\s+governance", after)
    if rule.name in ("retention.store_data", "retention.stateless"):
        # "store data at rest in the EEA", "does not store data outside the location you select":
        # about where data is kept, not whether or how long.
        if re.search(
            r"\bwhere\s+(?:\w+\s+){0,2}$",
            text[max(0, match.start() - 30) : match.start()],
            re.I,
        ):
            return False  # "where we store your data: in the US"
        return not _WHERE_NOT_HOW_LONG.match(text[match.end() : match.end() + 60])
    if rule.name == "residency.select_region" and re.match(
        r"(?i)select|choos|pick|specif|pin", match.group(0)
    ):
        return bool(_DATA_WORDS.search(_sentence_text(text, match.start())))
    if rule.name == "gpai.signer":
        # "OpenAI will not sign a BAA": a company signing something else.
        return not _OTHER_SIGNABLE.search(_sentence_text(text, match.start()))
    if rule.name == "residency.leave" and match.group(0).lower().startswith("transfer"):
        # "transfers outside the EEA rely on the SCCs": the transfer mechanism, a gdpr_dpa matter.
        return not _TRANSFER_MECHANISM.search(_sentence_text(text, match.start()))
    if rule.name == "retention.duration":
        span = cues.enclosing(cues.sentences(text), match.start())
        if _OPERATIONAL_RECORD.search(text[span.start : match.end()]):
            return False  # "Audit logs are retained for 400 days": records about the account, not its content
        sentence_end = text.find(".", match.end())
        # "After 30 days, the content is deleted": the duration may come before the verb in its sentence.
        window = text[max(span.start, match.start() - 40) : sentence_end if sentence_end >= 0 else len(text)]
        window = window[:200]
        return bool(find_durations(window)) and not _NOT_RETENTION_CONTEXT.search(window)
    if rule.name == "training.use" and not re.search(r"train|tun", match.group(0), re.IGNORECASE):
        # "use ... to improve" needs the customer's data as subject, stated or elided in a fragment
        # ("are NOT used to improve OpenAI models", a bullet under "Your prompts ...:").
        window = text[max(0, match.start() - 120) : match.end()]
        fragment = len(lines.WORD.findall(text[: match.start()])) <= 3
        return fragment or bool(_DATA_SUBJECT.search(window))
    if rule.name == "training.train_on":
        # "trained on public web data and licensed datasets" describes the model, not customers' data.
        said = match.group(0)
        return not (_PUBLIC_CORPUS.search(said) and not _CUSTOMER_DATA.search(said))
    if rule.name == "soc2.reports" and match.group(0).lower().startswith(("audit", "attestation")):
        # "audit reports" mean SOC reports when a trust portal offers them.
        return bool(
            re.search(
                r"\btrust\s*(?:center|centre|portal)|compliance\s+(?:reports|(?:resource\s+)?cent(?:er|re))|Artifact"
                r"|(?:security|compliance)\s+portal",
                text,
                re.IGNORECASE,
            )
        )
    return True


def _sentence_text(text: str, position: int) -> str:
    span = cues.enclosing(cues.sentences(text), position)
    return text[span.start : span.end]


def _prefer_fixed_wording(by_dimension: dict[str, list[_Hit]]) -> None:
    """A phrase whose wording fixes the polarity ("training ... is turned off by default") overrides the
    generic rule that matched inside it ("training on conversations")."""
    for dimension, hits in by_dimension.items():
        fixed = [h for h in hits if h.rule.mode == "fixed"]
        if fixed:
            by_dimension[dimension] = [
                h
                for h in hits
                if h.rule.mode == "fixed" or not any(f.start <= h.end and h.start <= f.end for f in fixed)
            ]


def _scope_text(text: str, hits: list[_Hit]) -> str:
    """The sentences where the dimension's rules fired, plus parenthetical follow-ups."""
    start = min(hit.sentence.start for hit in hits)
    end = max(hit.sentence.end for hit in hits)
    # A sentence that continues the point in brackets ("(No prompts are stored if ...)") belongs to it.
    following = text[end : end + 400]
    if following.lstrip().startswith("("):
        close = following.find(")")
        if close >= 0:
            end += close + 1
    return text[start:end]


def _quote_span(text: str, hits: list[_Hit]) -> tuple[int, int]:
    start = min(hit.sentence.start for hit in hits)
    end = max(hit.sentence.end for hit in hits)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _polarity(dimension: str, text: str, hits: list[_Hit], facts: dict[str, Any], near: str) -> str:
    overridden = _fact_polarity(dimension, facts)
    if overridden:
        return overridden
    # "Does X train on my data? No. ..." : a question that gets answered is not a statement.
    statements = [h for h in hits if not text[h.sentence.start : h.sentence.end].rstrip().endswith("?")]
    used = statements or hits
    found = [_hit_polarity(dimension, text, hit) for hit in used]
    if _partly_covered(text, used, found):
        # "We offer a BAA for the API. Consumer plans are not covered.": it holds for part of the offer.
        return "conditional"
    if (
        dimension == "retention_zdr"
        and "positive" in found
        and (
            any(cues.conditional(near[s.start : s.end]) for s in cues.sentences(near))
            or ("retention_days" in facts or "retention_hours" in facts)
            and facts.get("zdr_available")
        )
    ):
        # "stored for 30 days (none if approved ...)", "cached 24 hours; caching can be disabled":
        # how long data is kept depends on a condition.
        found.append("conditional")
    if dimension == "training_on_customer_data" and {"positive", "negative"} <= set(found):
        # "Consumer queries are used for training by default. Enterprise accounts are excluded.": partly
        return "conditional"
    for polarity in ("negative", "conditional", "positive"):
        if polarity in found:
            return polarity
    return "unclear"


_COVERAGE = re.compile(
    r"\b(?:covered|eligible|in\s+scope|included|available|appl(?:y|ies)|supported|extend)\b",
    re.IGNORECASE,
)


def _partly_covered(text: str, hits: list[_Hit], found: list[str]) -> bool:
    """One clause affirms, another says some part of the offer is not covered ("... sign BAAs on enterprise
    tiers; free products are never BAA-eligible")."""
    if "positive" not in found:
        return False
    negatives = [h for h, p in zip(hits, found, strict=True) if p == "negative"]
    positives = {h.clause for h, p in zip(hits, found, strict=True) if p == "positive"}
    return any(
        h.clause not in positives and _COVERAGE.search(text[h.clause.start : h.clause.end]) for h in negatives
    )


def _fact_polarity(dimension: str, facts: dict[str, Any]) -> str | None:
    if dimension == "gdpr_dpa":
        if facts.get("dpa_covers_service") is False:
            return "negative"
        if facts.get("preview_excluded") or facts.get("preview_features_excluded"):
            return "conditional"
    if dimension == "gpai_cop" and facts.get("signatory_status") == "not_signed":
        return "negative"
    if dimension == "gpai_cop" and facts.get("signatory_status") == "partial":
        return "positive"
    return None


def _hit_polarity(dimension: str, text: str, hit: _Hit) -> str:
    clause = text[hit.clause.start : hit.clause.end]
    sentence = text[hit.sentence.start : hit.sentence.end]
    mode = hit.rule.mode
    if mode == "fixed":
        if hit.rule.name == "retention.abuse_monitoring_off" and _DENIED_OPTION.search(
            text[hit.clause.start : hit.start]
        ):
            # "there is no option to turn off abuse monitoring" (unless approved ...)
            return "conditional" if cues.conditional(sentence) else "negative"
        return "conditional" if cues.conditional(sentence) else "positive"
    if mode == "use":
        # "used to provide the Services, but not to train our models": the denial sits inside the match.
        denied = cues.negated(clause) or _NOT_FOR_TRAINING.search(text, hit.start, hit.end) is not None
        opt_out = _OPT_OUT.search(text) is not None
        if opt_out and (not denied or hit.rule.name == "training.opt_out"):
            return "negative"  # used unless you opt out: training is the default
        if denied:
            return "conditional" if _training_condition(sentence) else "positive"
        return "conditional" if _training_condition(sentence) else "negative"
    # affirm
    intro = _INTRO_PHRASE.match(clause)
    if intro and hit.start < hit.clause.start + intro.end():
        # "With Zero Data Retention, bodies are not persisted": the negation belongs to the main clause.
        clause = intro.group(0)
    circumstance = _CIRCUMSTANCE.match(clause)
    if circumstance and hit.start >= hit.clause.start + circumstance.end():
        # "Where a transfer is not covered by an adequacy decision, the SCCs apply": the negation
        # describes the circumstance, not the commitment made in the main clause.
        clause = clause[circumstance.end() :]
    if dimension == "retention_zdr":
        # "inputs are not stored" is what zero retention means, not a denial of it.
        clause = _NOT_STORED.sub(" ", clause)
    if cues.negated(clause):
        return "conditional" if cues.conditional(clause) else "negative"
    return "conditional" if cues.conditional(sentence) else "positive"


_NOT_STORED = re.compile(
    r"\b(?:not|never|no)\s+(?:be\s+)?(?:stored|retained|logged|persisted|kept|saved)\b"
    r"|\b(?:(?:do|does|will)\s*(?:n['’]t|\s+not)|never|won['’]t)\s+(?:store|retain|log|persist|keep|save)s?\b"
    r"|\b(?:retain|store|keep|log)s?\s+(?:nothing|none)\b"
    r"|\bno\s+\w+\s+(?:(?:or|and)\s+\w+\s+)?(?:are|is)\s+(?:stored|retained|logged)\b",
    re.IGNORECASE,
)
_NOT_FOR_TRAINING = re.compile(
    r"\bnot\s+(?:to|for)\s+(?:\w+\s+){0,2}?(?:train\w*|fine-?tun\w*|retrain\w*|improv\w+|develop\w*)\b",
    re.IGNORECASE,
)
_DENIED_OPTION = re.compile(
    r"\b(?:no\s+(?:option|way|setting)|cannot|can['’]t|(?:is|are)\s+not\s+(?:possible|able|allowed|permitted)"
    r"|(?:does|do)\s*(?:n['’]t|\s+not)\s+(?:allow|let|support|offer))\b",
    re.IGNORECASE,
)
_CIRCUMSTANCE = re.compile(r"\s*(?:Where|To\s+the\s+extent(?:\s+that)?)\b[^,;]{1,160},")
_INTRO_PHRASE = re.compile(r"\s*(?:With|Through|Using|Via|Under|For|In)\b[^,;]{1,80},")
_TRAINING_CONDITION = re.compile(
    r"\b(?:unless|if|only\s+(?:if|when|with)|opt(?:s|ed|ing)?[- ]?in"
    r"|explicitly\s+(?:agree|opt|consent|choose|report)\w*|(?:choose|chooses|elect|elects|decide)\s+to\s+(?:allow|let|share)"
    r"|when\s+(?:\w+\s+){0,4}(?:is|are)\s+(?:enabled|configured|turned\s+on|approved)|provided\s+that)\b",
    re.IGNORECASE,
)


def _training_condition(sentence: str) -> bool:
    return _TRAINING_CONDITION.search(sentence) is not None or _OPT_IN.search(sentence) is not None


__all__ = ["Claim", "EXTRACTOR_NAME", "POLARITIES", "extract_claims"]

"""What the arbiter sees of one claim: the rules' own reading and the words around it.

Features are names (strings); the model gives each name a weight per class. The rule's polarity, the
rules that fired, the question and cue flags come first; words and word pairs of the claim's quote, plain
and crossed with the question, give the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trustreg.ingest import cues
from trustreg.ingest.extractor import Claim

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
FEATURE_SETS = ("base", "crossed")
MAX_WORDS = 120  # a claim's quote is a sentence or two; a run-on table row is read in part


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())[:MAX_WORDS]


def claim_features(
    text: str, claim: Claim, claimed: Sequence[str], feature_set: str = "crossed"
) -> list[str]:
    """Feature names of ``claim`` in passage ``text``; ``claimed`` lists every question the passage claims."""
    dimension, polarity = claim.dimension, claim.polarity
    quote = claim.quote or text
    found = [
        "bias",
        f"d={dimension}",
        f"p={polarity}",
        f"dp={dimension}|{polarity}",
        f"n={min(len(claimed), 3)}",
    ]
    found.extend(f"r={rule}" for rule in claim.rules)
    found.extend(f"rp={rule}|{polarity}" for rule in claim.rules)
    for name, present in (
        ("neg", cues.negated(quote)),
        ("cond", cues.conditional(quote)),
        ("ask", "?" in quote),
        ("long", len(text) > 400),
        ("facts", bool(claim.facts)),
    ):
        if present:
            found.append(f"c={name}")
            found.append(f"cd={name}|{dimension}")
    tokens = words(quote)
    grams = {f"w={w}" for w in tokens}
    grams.update(f"b={a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
    found.extend(sorted(grams))
    if feature_set == "crossed":
        found.extend(sorted(f"dw={dimension}|{w}" for w in set(tokens)))
    return found

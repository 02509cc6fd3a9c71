"""Fusing the rules' claims with the encoder heads' reading of the same passage.

Three thresholds (each off when null), applied in this order:

- ``veto``: a rule claim is dropped when the question's head gives it a probability below ``veto``;
- ``polarity``: a kept claim takes the polarity head's answer when that answer differs and its
  probability reaches ``polarity``;
- ``add``: a question the rules left out is claimed when its head reaches ``add``, with the polarity
  head's answer, the question's facts read from the whole passage and the passage as the quote.

The rules' facts and quotes are never changed. Without thresholds the rules' claims pass unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from trustreg.ingest.extractor import EXTRACTOR_NAME, Claim
from trustreg.ingest.learned.arbiter import passage_span
from trustreg.ingest.questions import DIMENSIONS, QUESTIONS

ENCODER_NAME = f"{EXTRACTOR_NAME}+encoder"
ADDED_RULE = "encoder.add"


def fuse(
    text: str,
    claims: Sequence[Claim],
    claim_probabilities: Mapping[str, float],
    polarity_probabilities: Mapping[str, float],
    settings: Mapping[str, float | None],
) -> list[Claim]:
    veto, flip, add = settings.get("veto"), settings.get("polarity"), settings.get("add")
    best = max(polarity_probabilities, key=lambda p: (polarity_probabilities[p], p))
    sure = polarity_probabilities[best]
    kept = []
    for claim in claims:
        if veto is not None and claim_probabilities.get(claim.dimension, 1.0) < veto:
            continue
        if flip is not None and best != claim.polarity and sure >= flip:
            claim = dataclasses.replace(claim, polarity=best, extractor=ENCODER_NAME)
        kept.append(claim)
    if add is not None:
        taken = {c.dimension for c in claims}
        start, end = passage_span(text)
        for dimension in DIMENSIONS:
            if dimension in taken or claim_probabilities.get(dimension, 0.0) < add:
                continue
            kept.append(
                Claim(
                    dimension,
                    best,
                    QUESTIONS[dimension].facts(text),
                    text[start:end],
                    start,
                    end,
                    rules=(ADDED_RULE,),
                    extractor=ENCODER_NAME,
                )
            )
        kept.sort(key=lambda c: DIMENSIONS.index(c.dimension))
    return kept

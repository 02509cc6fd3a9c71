"""What the arbiter sees of a claim."""

from __future__ import annotations

from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.learned.features import claim_features


def test_a_claim_is_read_with_the_rules_reading_its_cues_and_its_words():
    text = "We do not train on your data unless you opt in."
    (claim,) = extract_claims(text)
    found = claim_features(text, claim, [claim.dimension], "crossed")
    assert {"bias", f"p={claim.polarity}", "c=neg", "w=train", "b=opt_in"} <= set(found)
    assert f"dw={claim.dimension}|train" in found
    assert not any(name.startswith("dw=") for name in claim_features(text, claim, [claim.dimension], "base"))
    assert claim_features(text, claim, [claim.dimension]) == found  # deterministic order

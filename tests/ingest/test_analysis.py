"""A whole document is read passage by passage, with the heading as context (issue 14)."""

from __future__ import annotations

from trustreg.ingest.analysis import claims_of_passages
from trustreg.ingest.passages import split_passages

DOC = """# Security

## Zero data retention

This is available to approved API customers only.

## Data residency

It is not offered for the global endpoint.

## Pricing

This costs 10% more.
"""


def claims(text):
    return {(c.dimension, c.polarity): c for c in claims_of_passages(split_passages(text))}


def test_a_passage_that_leans_on_its_heading_is_read_under_it():
    found = claims(DOC)
    zdr = found[("retention_zdr", "conditional")]
    assert DOC[zdr.start : zdr.end] == "This is available to approved API customers only."
    assert "context.heading" in zdr.rules
    assert ("data_residency", "negative") in found


def test_the_heading_adds_nothing_to_a_passage_about_something_else():
    assert {dimension for dimension, _ in claims(DOC)} == {"retention_zdr", "data_residency"}


def test_a_passage_that_claims_by_itself_keeps_its_own_reading():
    found = claims("## Training\n\nWe never use API data to train our models.\n")
    assert [(k, "context.heading" in c.rules) for k, c in found.items()] == [
        (("training_on_customer_data", "positive"), False)
    ]


PROSE = """Acme keeps API inputs for 30 days. Zero data retention is offered on request.

It requires approval from our sales team before it is switched on.
"""


def test_a_passage_that_leans_on_the_preceding_passage_is_read_after_it():
    found = claims(PROSE)
    zdr = found[("retention_zdr", "conditional")]
    assert PROSE[zdr.start : zdr.end] == "It requires approval from our sales team before it is switched on."
    assert "context.previous" in zdr.rules


def test_a_passage_under_a_heading_prefers_the_heading_to_the_preceding_passage():
    text = "## Data residency\n\nWe never train on API data.\n\nIt is not offered for the global endpoint.\n"
    found = claims(text)
    assert ("data_residency", "negative") in found
    assert "context.heading" in found[("data_residency", "negative")].rules

"""The evidence-strength rule: one classification behind every mark the site shows."""

from __future__ import annotations

import datetime as dt

import pytest

from trustreg.domain.cells import SourceRef
from trustreg.domain.strength import (
    STRENGTH_INFO,
    QuoteState,
    Strength,
    evidence_strength,
    quote_state,
)

TODAY = dt.date(2026, 12, 2)
VENDOR = SourceRef(url="https://vendor.example/trust", kind="vendor_doc", primary=True, quote="We sign a BAA.")
BLOG = SourceRef(url="https://blog.example/post", kind="blog", primary=False, quote="They sign a BAA.")


def strength(*sources, quotes=None, grade="yes_public", verified=dt.date(2026, 11, 1), confidence="high",
             freshness=180):
    return evidence_strength(grade=grade, sources=sources, verified=verified, confidence=confidence,
                             freshness_days=freshness, quotes=quotes or {}, today=TODAY)


def test_a_primary_source_whose_quote_was_found_in_a_kept_copy_is_the_strongest():
    ev = strength(VENDOR, quotes={(VENDOR.url, VENDOR.quote): QuoteState.FOUND})
    assert ev.strength is Strength.PRIMARY_QUOTED
    assert not ev.to_confirm


@pytest.mark.parametrize(("quotes", "source", "why"), [
    ({}, VENDOR, "quote not checked yet"),
    ({(VENDOR.url, VENDOR.quote): QuoteState.MISSING}, VENDOR, "quote not found in the latest kept copy"),
    ({}, SourceRef(url=VENDOR.url, kind="vendor_doc", primary=True), "no quote recorded"),
])
def test_a_primary_source_without_a_found_quote_says_what_is_missing(quotes, source, why):
    ev = strength(source, quotes=quotes)
    assert ev.strength is Strength.PRIMARY_UNCHECKED
    assert why in ev.why
    assert ev.to_confirm


def test_a_found_quote_in_a_secondary_source_does_not_make_it_primary():
    ev = strength(BLOG, quotes={(BLOG.url, BLOG.quote): QuoteState.FOUND})
    assert ev.strength is Strength.SECONDARY
    assert ev.to_confirm


def test_a_lead_is_not_evidence():
    lead = SourceRef(url=VENDOR.url, kind="vendor_doc", primary=True, quote=VENDOR.quote, role="lead")
    assert strength(lead, quotes={(lead.url, lead.quote): QuoteState.FOUND}).strength is Strength.NO_SOURCE


def test_expired_evidence_is_expired_whatever_its_sources():
    ev = strength(VENDOR, quotes={(VENDOR.url, VENDOR.quote): QuoteState.FOUND},
                  verified=dt.date(2026, 1, 1), freshness=90)
    assert ev.strength is Strength.EXPIRED
    assert ev.to_confirm
    assert ev.age_days == 335


def test_a_cell_nobody_reviewed_has_no_strength_to_confirm():
    ev = strength(grade="not_reviewed", verified=None, confidence=None)
    assert ev.strength is Strength.NOT_REVIEWED
    assert not ev.to_confirm
    assert ev.brief == ""


def test_confidence_and_the_age_of_the_verification_are_part_of_the_mark():
    ev = strength(BLOG, confidence="low", verified=dt.date(2026, 7, 5))
    assert ev.brief == "low · 150 d"
    assert ev.age == "verified 150 d ago"
    assert ev.summary == ("Secondary only: only secondary sources cited · confidence low · "
                          "verified 150 d ago (2026-07-05)")
    unverified = strength(BLOG, confidence=None, verified=None)
    assert unverified.brief == "unverified"
    assert unverified.summary == "Secondary only: only secondary sources cited · never verified"


def test_every_strength_has_its_own_text_mark_and_label_so_colour_is_never_the_only_signal():
    marks = [info.mark for info in STRENGTH_INFO.values()]
    labels = [info.label for info in STRENGTH_INFO.values()]
    assert set(STRENGTH_INFO) == set(Strength)
    assert all(m.strip() for m in marks) and len(set(marks)) == len(marks)
    assert len(set(labels)) == len(labels)


def test_a_quote_is_found_only_when_its_latest_check_found_it():
    earlier, later = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    assert quote_state(None, None) is QuoteState.UNCHECKED
    assert quote_state(later, later) is QuoteState.FOUND
    assert quote_state(earlier, later) is QuoteState.MISSING
    assert quote_state(None, later) is QuoteState.MISSING

"""The checks that raise flags: expired evidence, secondary-only cells, missing quotes, inconsistent
platform facts; each finding raised once while its flag is open, and every run audited."""

import datetime as dt

import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.evidence import services as evidence
from trustreg.flags.models import Flag
from trustreg.registry.models import Cell
from trustreg.workbench.checks import checks_run

pytestmark = pytest.mark.django_db


def test_checks_raise_expired_secondary_and_nothing_twice(registry):
    first = checks_run(actor="test", today=dt.date(2030, 1, 1))
    assert first.raised[Flag.Kind.EVIDENCE_EXPIRED] > 0 and first.raised[Flag.Kind.SECONDARY_ONLY] > 0
    again = checks_run(actor="test", today=dt.date(2030, 1, 1))
    assert sum(again.raised.values()) == 0 and again.already_open == sum(first.raised.values())


def test_a_quote_missing_from_the_newest_snapshot_is_flagged(registry):
    cell = Cell.objects.get(offering_id="azure-openai", dimension_id="training_on_customer_data")
    citation = cell.citations.exclude(quote="").first()
    evidence.snapshot_add(actor="test", source=citation.source, text="This page was rewritten entirely.")
    report = checks_run(actor="test")
    assert report.raised[Flag.Kind.QUOTE_MISSING] >= 1
    assert Flag.objects.filter(kind=Flag.Kind.QUOTE_MISSING, source=citation.source).exists()


def test_a_platform_fact_graded_differently_on_two_offerings_is_flagged(registry):
    # Two offerings served by Google Cloud Vertex AI; give one its own grade with no override reason.
    Cell.objects.filter(party_id="google-cloud-vertex-ai", dimension_id="iso_42001").delete()
    Cell.objects.create(offering_id="claude-vertex", dimension_id="iso_42001", grade="yes_public")
    Cell.objects.create(offering_id="gemini-vertex", dimension_id="iso_42001", grade="no")
    checks_run(actor="test")
    flag = Flag.objects.get(kind=Flag.Kind.INCONSISTENT, dimension_id="iso_42001")
    assert flag.party_id == "google-cloud-vertex-ai" and "claude-vertex" in flag.detail


def test_evidence_is_flagged_the_day_after_it_expires_with_its_dates_in_the_flag(registry):
    cell = Cell.objects.filter(offering_id="azure-openai", verified__isnull=False).exclude(grade="").first()
    expires = cell.verified + dt.timedelta(days=cell.dimension.freshness_days)
    checks_run(actor="test", today=expires)
    about = {"kind": Flag.Kind.EVIDENCE_EXPIRED, "offering_id": "azure-openai", "dimension_id": cell.dimension_id}
    assert not Flag.objects.filter(**about).exists()
    checks_run(actor="test", today=expires + dt.timedelta(days=1))
    flag = Flag.objects.get(**about)
    assert flag.title == f"{cell.dimension.label} evidence expired on {expires}"
    assert f"Verified {cell.verified}" in flag.detail and f"{cell.dimension.freshness_days} days" in flag.detail


def test_evidence_verified_again_and_expired_again_is_a_new_finding(registry):
    cell = Cell.objects.filter(offering_id="azure-openai", verified__isnull=False).exclude(grade="").first()
    far = dt.date(2999, 1, 1)
    checks_run(actor="test", today=far)
    Cell.objects.filter(pk=cell.pk).update(verified=cell.verified + dt.timedelta(days=1))
    report = checks_run(actor="test", today=far)
    assert report.raised[Flag.Kind.EVIDENCE_EXPIRED] == 1
    assert Flag.objects.filter(kind=Flag.Kind.EVIDENCE_EXPIRED, offering_id="azure-openai",
                               dimension_id=cell.dimension_id).count() == 2


def test_every_run_is_audited_with_what_it_raised_and_what_was_already_open(registry):
    first = checks_run(actor="test", today=dt.date(2030, 1, 1))
    again = checks_run(actor="test", today=dt.date(2030, 1, 1))
    details = [a.detail for a in AuditEvent.objects.filter(action="checks.run").order_by("pk")][-2:]
    assert details == [{"raised": dict(first.raised), "already_open": first.already_open},
                       {"raised": {}, "already_open": again.already_open}]

"""A flag changes state one way: locked, only while open, with an audit row per flag."""

from __future__ import annotations

import pytest

from trustreg.accounts.models import AuditEvent
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.flags.state import flag_state_set, quote_missing_key
from trustreg.workbench import corrections

pytestmark = pytest.mark.django_db


def open_flag(key="k:1"):
    return flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key=key, title="Conflict")[0]


def test_resolving_an_open_flag_records_who_why_and_one_audit_row(registry, reviewer):
    flag = open_flag()
    assert flag_state_set(actor=reviewer, flag_id=flag.pk, status=Flag.Status.RESOLVED, reason="Fixed")
    flag.refresh_from_db()
    assert (flag.status, flag.decided_by, flag.decision_reason) == ("resolved", reviewer, "Fixed")
    event = AuditEvent.objects.get(action="flag.resolved", target=f"flag:{flag.pk}")
    assert event.actor == reviewer and event.detail["reason"] == "Fixed"


def test_a_flag_no_longer_open_is_left_as_it_was_and_nothing_is_recorded(registry, reviewer):
    flag = open_flag()
    flag_state_set(actor=reviewer, flag_id=flag.pk, status=Flag.Status.DISMISSED, reason="Not an issue")
    events = AuditEvent.objects.count()
    assert not flag_state_set(actor="test", flag_id=flag.pk, status=Flag.Status.RESOLVED, reason="Again")
    flag.refresh_from_db()
    assert (flag.status, flag.decision_reason) == ("dismissed", "Not an issue")
    assert AuditEvent.objects.count() == events


def test_a_flag_cannot_be_set_back_to_open(registry):
    with pytest.raises(ValueError, match="resolved or dismissed"):
        flag_state_set(actor="test", flag_id=open_flag().pk, status=Flag.Status.OPEN, reason="reopen")


def test_triaging_a_correction_resolves_its_flag_with_an_audit_row(registry, reviewer):
    corr = corrections.correction_submit(address_key="a", proposal=corrections.Proposal(
        offering_id="azure-openai", dimension_id="retention_zdr", proposed_grade="yes_public",
        evidence_url="https://learn.example.com/retention", quote="", name="", email="", credit_consent=False))
    corrections.correction_triage(actor=reviewer, correction=corr, triage=corrections.Triage(
        outcome="intentional", public_reason="The grade is deliberate.", note="", target="party"))
    assert corr.flag is not None
    corr.flag.refresh_from_db()
    assert corr.flag.status == Flag.Status.RESOLVED and corr.flag.decided_by == reviewer
    event = AuditEvent.objects.get(action="flag.resolved", target=f"flag:{corr.flag.pk}")
    assert event.detail["correction"] == corr.pk


def test_a_missing_quote_has_one_key_whatever_citation_or_copy_finds_it():
    key = quote_missing_key("offering:azure-openai", "soc2_type2", 7, "We hold a SOC 2 report.")
    assert key == quote_missing_key("offering:azure-openai", "soc2_type2", 7, "We hold a SOC 2 report.")
    assert key != quote_missing_key("offering:azure-openai", "soc2_type2", 7, "We hold a SOC 3 report.")
    assert key != quote_missing_key("party:microsoft-azure", "soc2_type2", 7, "We hold a SOC 2 report.")

import datetime as dt

import pytest

from trustreg.evidence import services as evidence
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.registry.models import Annotation, Cell, Revision
from trustreg.workbench import drafts, flags
from trustreg.workbench.checks import checks_run

pytestmark = pytest.mark.django_db


def raise_flag(**about):
    return flag_raise(actor="test", kind=Flag.Kind.CONFLICTING, key="k:1", title="Conflict", **about)[0]


def test_a_decision_needs_a_reason(registry, reviewer):
    flag = raise_flag(offering_id="azure-openai", dimension_id="iso_27001")
    with pytest.raises(drafts.ChangeRefused, match="reason"):
        flags.flag_decide(actor=reviewer, flag=flag, decision="dismissed", reason="   ")
    flag.refresh_from_db()
    assert flag.status == Flag.Status.OPEN


def test_a_dismissal_is_published_on_the_cell_with_a_revision(registry, reviewer, client):
    flag = raise_flag(offering_id="azure-openai", dimension_id="soc2_type2")
    revision = flags.flag_decide(
        actor=reviewer,
        flag=flag,
        decision="dismissed",
        reason="Scope is in the STP appendix",
        today=dt.date(2026, 11, 23),
    )
    assert revision is not None and revision.holder == "offering:azure-openai"
    assert revision.after["scope"]["annotations"][-1]["reason"] == "Scope is in the STP appendix"
    page = client.get("/offerings/azure-openai/").content.decode()
    assert "[human 2026-11-23] Dismissed: Scope is in the STP appendix" in page


def test_a_dismissal_on_an_inherited_cell_without_scope_adds_a_scope_entry(registry, reviewer):
    own = set(Cell.objects.filter(offering_id="azure-openai").values_list("dimension_id", flat=True))
    inherited = set(
        Cell.objects.filter(party_id__in=["openai", "microsoft-azure"]).values_list("dimension_id", flat=True)
    )
    dim = sorted(inherited - own)[0]  # inherited, and no scope entry on the offering yet
    flag = raise_flag(offering_id="azure-openai", dimension_id=dim)
    flags.flag_decide(actor=reviewer, flag=flag, decision="dismissed", reason="Covered by the party's cell")
    scope = Cell.objects.get(offering_id="azure-openai", dimension_id=dim)
    assert scope.is_scope and Annotation.objects.filter(cell=scope).exists()


def test_resolving_a_flag_writes_no_revision(registry, reviewer):
    flag = raise_flag(offering_id="azure-openai", dimension_id="soc2_type2")
    count = Revision.objects.count()
    assert flags.flag_decide(actor=reviewer, flag=flag, decision="resolved", reason="Fixed upstream") is None
    assert Revision.objects.count() == count


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

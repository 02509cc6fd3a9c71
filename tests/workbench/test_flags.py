import datetime as dt

import pytest

from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.registry.models import Annotation, Cell, Revision
from trustreg.workbench import drafts, flags

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

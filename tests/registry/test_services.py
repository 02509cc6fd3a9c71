"""Loading the registry: all-or-nothing, idempotent, and every changed cell gets a revision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, ROOT
from trustreg.accounts.models import AuditEvent
from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.registry.models import Cell, Offering, Revision
from trustreg.registry.selectors import bundle_from_db
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def test_loading_the_bundled_registry_then_reading_it_back_gives_the_same_registry(loaded):
    assert bundle_from_db() == loaded


def test_loading_twice_changes_nothing_and_records_no_revision(loaded):
    revisions = Revision.objects.count()
    report = registry_load(actor="test", bundle=loaded)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged == Cell.objects.count()
    assert Revision.objects.count() == revisions


def test_each_cell_of_a_first_load_starts_its_history_from_nothing(loaded):
    # With its bundled history a cell may have several dated revisions; only its first is from nothing.
    firsts = Revision.objects.filter(before__isnull=True)
    assert firsts.count() == Cell.objects.count()
    assert firsts.values("holder", "dimension_id").distinct().count() == Cell.objects.count()


def test_a_changed_cell_gets_a_revision_with_before_and_after(loaded):
    azure = next(o for o in loaded.offerings if o.id == "azure-openai")
    changed_cell = replace(azure.cells["retention_zdr"], grade="partial")
    changed = replace(azure, cells={**azure.cells, "retention_zdr": changed_cell})
    bundle = replace(loaded, offerings=tuple(changed if o.id == "azure-openai" else o for o in loaded.offerings))
    report = registry_load(actor="test", bundle=bundle, reason="vendor page changed", kind="vendor_changed")
    assert (report.created, report.updated, report.removed) == (0, 1, 0)
    rev = Revision.objects.latest("id")
    assert (rev.holder, rev.dimension_id, rev.kind) == ("offering:azure-openai", "retention_zdr", "vendor_changed")
    assert rev.before["grade"] == "yes_sales_gated" and rev.after["grade"] == "partial"
    assert Cell.objects.get(offering_id="azure-openai", dimension_id="retention_zdr").grade == "partial"


def without_anthropic(bundle):
    return replace(bundle, offerings=tuple(o for o in bundle.offerings if o.id != "anthropic-api"))


def test_an_offering_missing_from_the_bundle_is_kept_with_its_cells_and_reported(loaded):
    cells = Cell.objects.filter(offering_id="anthropic-api").count()
    report = registry_load(actor="test", bundle=without_anthropic(loaded))
    assert report.missing == ["anthropic-api"] and report.retired == [] and report.removed == 0
    assert Offering.objects.get(id="anthropic-api").retired_at is None
    assert Cell.objects.filter(offering_id="anthropic-api").count() == cells
    assert not Revision.objects.filter(holder="offering:anthropic-api", after__isnull=True).exists()


def test_a_load_keeps_the_public_corrections_and_status_page_of_an_offering_it_does_not_list(loaded, client):
    from trustreg.workbench.corrections import Proposal, correction_submit

    corr = correction_submit(address_key="k", proposal=Proposal(
        offering_id="anthropic-api", dimension_id="retention_zdr", proposed_grade="yes_public",
        evidence_url="https://example.com/e", quote="q", name="", email="", credit_consent=False))
    for retire in (False, True):
        registry_load(actor="test", bundle=without_anthropic(loaded), retire_missing=retire)
        assert client.get(f"/corrections/{corr.token}/").status_code == 200
        assert corr.flag is not None and type(corr.flag).objects.filter(pk=corr.flag.pk).exists()


def test_retiring_keeps_the_offering_page_and_history_and_leaves_it_out_of_listings(loaded, client):
    revisions = Revision.objects.filter(holder="offering:anthropic-api").count()
    report = registry_load(actor="test", bundle=without_anthropic(loaded), retire_missing=True)
    assert report.retired == ["anthropic-api"] and report.removed == 0
    assert Offering.objects.get(id="anthropic-api").retired_at is not None
    assert Revision.objects.filter(holder="offering:anthropic-api").count() == revisions
    assert b"Retired from the registry" in client.get("/offerings/anthropic-api/").content
    assert "anthropic-api" not in [o.id for o in bundle_from_db().offerings]
    assert b"/offerings/anthropic-api/" not in client.get("/").content
    registry_load(actor="test", bundle=loaded)
    assert Offering.objects.get(id="anthropic-api").retired_at is None


def test_a_failing_load_leaves_the_database_unchanged(loaded, monkeypatch):
    from trustreg.registry import cellwrite

    azure = next(o for o in loaded.offerings if o.id == "azure-openai")
    bundle = replace(loaded, offerings=tuple(
        replace(o, cells={**o.cells, "retention_zdr": CellRecord(grade="no")}) if o is azure else o
        for o in loaded.offerings))
    before = (Cell.objects.count(), Revision.objects.count(), AuditEvent.objects.count())

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cellwrite, "_citations_sync", explode)  # after the cell rows are written
    with pytest.raises(RuntimeError):
        registry_load(actor="test", bundle=bundle)
    assert (Cell.objects.count(), Revision.objects.count(), AuditEvent.objects.count()) == before
    assert Cell.objects.get(offering_id="azure-openai", dimension_id="retention_zdr").grade == "yes_sales_gated"


def test_every_load_leaves_an_audit_row(loaded):
    event = AuditEvent.objects.get(action="registry.load")
    assert event.actor_name == "test" and event.detail["created"] > 0


def test_a_loaded_directory_refuses_to_drop_a_dimension_with_history(loaded, tmp_path):
    from trustreg.domain.catalogue import Catalogue
    from trustreg.registry.services import LoadRefused

    cat = loaded.catalogue
    smaller = Catalogue(cat.groups, tuple(d for d in cat.dimensions if d.id != "art53_summary"))
    bundle = replace(
        loaded, catalogue=smaller,
        parties=tuple(replace(p, cells={k: v for k, v in p.cells.items() if k != "art53_summary"})
                      for p in loaded.parties),
        offerings=tuple(replace(o, cells={k: v for k, v in o.cells.items() if k != "art53_summary"},
                                scopes={k: v for k, v in o.scopes.items() if k != "art53_summary"})
                        for o in loaded.offerings),
    )
    with pytest.raises(LoadRefused) as exc:
        registry_load(actor="test", bundle=bundle)
    assert "art53_summary" in str(exc.value)
    assert Cell.objects.filter(dimension_id="art53_summary").exists()


def test_the_directory_make_run_loads_is_the_bundled_data_the_settings_name():
    from django.conf import settings

    makefile = (ROOT / "Makefile").read_text()
    loaded = re.findall(r"trustreg load (\S+)", makefile)
    assert loaded and {(ROOT / d).resolve() for d in loaded} == {DATA_DIR.resolve()}
    assert Path(settings.REGISTRY_DATA_DIR).resolve() == DATA_DIR.resolve()

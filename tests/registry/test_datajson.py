"""data.json import and export against the database: nothing is lost on a round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.domain.bundle import BundleError
from trustreg.registry.datajson import export_document, import_document
from trustreg.registry.models import Cell, Revision
from trustreg.registry.selectors import offering_view

pytestmark = pytest.mark.django_db


def test_export_holds_every_offering_with_inherited_cells_written_out(loaded):
    document = export_document()
    assert list(document["dimensions"]) == [d.id for d in loaded.catalogue.dimensions]
    azure = next(o for o in document["offerings"] if o["id"] == "azure-openai")
    assert azure["developer"] == "OpenAI" and azure["platform"] == "Microsoft Azure"
    assert azure["dimensions"]["soc2_type2"]["value"] == "yes_sales_gated"
    assert azure["dimensions"]["iso_27001"]["notes"].endswith(
        "[human 2026-07-05] Dismissed: Azure OpenAI covered under broad Azure ISO 27001 cert; service-level scope "
        "lives in gated appendix.")
    # A not-reviewed cell publishes no grade: each offering lists exactly its graded core cells.
    core = {d.id for d in loaded.catalogue.dimensions if d.id in document["dimensions"]}
    for o in document["offerings"]:
        graded = {c.dimension.id for c in offering_view(o["id"]).cells if c.is_graded} & core
        assert set(o["dimensions"]) == graded, o["id"]


def test_importing_our_own_export_changes_nothing(loaded):
    revisions = Revision.objects.count()
    report = import_document(actor="test", text=json.dumps(export_document()))
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert Revision.objects.count() == revisions


def test_an_imported_cell_that_differs_from_the_party_cell_overrides_it_with_a_reason(loaded):
    document = export_document()
    azure = next(o for o in document["offerings"] if o["id"] == "azure-openai")
    azure["dimensions"]["soc2_type2"]["value"] = "yes_public"
    import_document(actor="test", text=json.dumps(document))
    own = Cell.objects.get(offering_id="azure-openai", dimension_id="soc2_type2")
    assert own.grade == "yes_public"
    assert "differs from the cell recorded once for microsoft-azure" in own.override_reason
    assert Cell.objects.get(party_id="microsoft-azure", dimension_id="soc2_type2").grade == "yes_sales_gated"


def test_a_malformed_import_changes_nothing(loaded):
    document = export_document()
    document["offerings"][0]["dimensions"]["soc2_type2"]["value"] = "great"
    before = (Cell.objects.count(), Revision.objects.count())
    with pytest.raises(BundleError):
        import_document(actor="test", text=json.dumps(document))
    assert (Cell.objects.count(), Revision.objects.count()) == before


grades = st.sampled_from(["yes_public", "yes_sales_gated", "partial", "unclear", "no_public_evidence", "no"])
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                max_size=60).map(str.strip).filter(bool)
cells = st.fixed_dictionaries(
    {"value": grades, "confidence": st.sampled_from(["high", "medium", "low", None]),
     "source": st.one_of(st.none(), st.builds("https://src.example/{}".format, st.integers(0, 99))),
     "verified": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())), "notes": words},
    optional={"tier": st.sampled_from(["self_serve", "enterprise_only"]), "geography": words,
              "upstream_key": st.one_of(st.integers(), words, st.booleans())},
).map(lambda c: {**c, "archived": None})


@st.composite
def documents(draw, dims):
    offerings = []
    for i, oid in enumerate(draw(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=3,
                                          unique=True))):
        chosen = draw(st.lists(st.sampled_from(dims), max_size=4, unique=True))
        offering = {"id": oid, "name": draw(words), "developer": draw(st.sampled_from(["Dev A", "Dev B"])),
                    "platform": draw(st.sampled_from(["Cloud A", "Dev A"])),
                    "category": draw(st.sampled_from(["first_party", "cloud_distribution"])),
                    "model_family": draw(words), "summary": draw(words), "sort_order": i,
                    "dimensions": {d: draw(cells) for d in dims if d in chosen}}
        if draw(st.booleans()):
            offering["homepage"] = draw(words)
        offerings.append(offering)
    return {"name": draw(words), "generated": "2026-07-05", "license": draw(words), "disclaimer": draw(words),
            "dimensions": {}, "offerings": offerings}


def _normalise(document):
    for o in document["offerings"]:
        for c in o["dimensions"].values():
            c.setdefault("archived", None)
    document["dimensions"] = {}
    document.pop("generated", None)
    return document


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_a_public_layout_document_survives_import_then_export(db, bundled, data):
    from trustreg.domain.fieldtypes import replace
    from trustreg.registry.services import registry_load

    # An empty registry whose metadata has no extra keys: the document alone decides what is exported.
    empty = replace(bundled, parties=(), offerings=(), meta=replace(bundled.meta, extra={}))
    registry_load(actor="test", bundle=empty, retire_missing=True)
    document = data.draw(documents([d.id for d in bundled.catalogue.dimensions]))
    import_document(actor="test", text=json.dumps(document))
    exported = export_document()
    assert _normalise(exported) == _normalise(json.loads(json.dumps(document)))


def test_a_partial_file_changes_no_registry_metadata_it_does_not_give(loaded):
    from trustreg.accounts.models import AuditEvent
    from trustreg.registry.models import RegistryInfo

    before = RegistryInfo.objects.get()
    assert before.license and before.disclaimer
    recorded = AuditEvent.objects.filter(action="registry.meta").count()
    document = export_document()
    del document["license"], document["disclaimer"]
    report = import_document(actor="test", text=json.dumps(document))
    after = RegistryInfo.objects.get()
    assert (after.name, after.license, after.disclaimer) == (before.name, before.license, before.disclaimer)
    assert report.meta_changed == [] and AuditEvent.objects.filter(action="registry.meta").count() == recorded


def test_a_changed_registry_name_is_reported_and_recorded_with_before_and_after(loaded):
    from trustreg.accounts.models import AuditEvent
    from trustreg.registry.models import RegistryInfo

    old = RegistryInfo.objects.get().name
    document = {**export_document(), "name": "Renamed Registry"}
    report = import_document(actor="importer", text=json.dumps(document))
    assert report.meta_changed == ["name"]
    event = AuditEvent.objects.get(action="registry.meta", actor_name="importer")
    assert event.detail["changed"] == {"name": {"before": old, "after": "Renamed Registry"}}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(key=st.sampled_from(["tier", "route", "default"]), value=st.one_of(words, st.sampled_from(["self_serve"])))
def test_whatever_imports_also_passes_check_after_an_export(loaded, key, value):
    from trustreg.domain.bundle import dump_files, parse_files
    from trustreg.registry.selectors import bundle_from_db

    document = export_document()
    next(iter(document["offerings"][0]["dimensions"].values()))[key] = value
    try:
        import_document(actor="test", text=json.dumps(document))
    except BundleError as exc:
        assert any(f".{key}: " in str(p) and "qualifier value" in str(p) for p in exc.problems)
    else:
        parse_files(dump_files(bundle_from_db()))  # what `trustreg check` runs on an export


def test_duplicate_keys_in_a_data_json_are_refused(loaded):
    text = json.dumps(export_document())
    with pytest.raises(BundleError, match="duplicate key 'name'"):
        import_document(actor="test", text='{"name": "A", ' + text[1:])

"""Informational questions: kept apart from the eleven, read and written with the catalogue."""

from __future__ import annotations

from tests.domain.test_bundle import files_of, with_offering
from trustreg.domain import yamlio
from trustreg.domain.bundle import dump_files, parse_files


def with_controls(files: dict[str, str]) -> dict[str, str]:
    """The bundled files plus an informational group with one question and a party cell for it."""
    cat = yamlio.load(files["dimensions.yaml"])
    cat["groups"].append({"id": "controls_test", "label": "Controls", "informational": True})
    cat["dimensions"].append({
        "id": "private_networking_test", "label": "Private networking", "group": "controls_test",
        "question": "Can network access be limited to the customer's own networks?", "level": "platform",
        "slug": "private-networking-test", "freshness_days": 365,
    })
    files = {**files, "dimensions.yaml": yamlio.dump(cat)}
    party = yamlio.load(files["parties/microsoft-azure.yaml"])
    party["cells"]["private_networking_test"] = {"grade": "yes_public", "notes": "Virtual network rules."}
    return {**files, "parties/microsoft-azure.yaml": yamlio.dump(party)}


def test_questions_of_an_informational_group_are_not_core_questions():
    bundle = parse_files(with_controls(files_of()))
    cat = bundle.catalogue
    assert "private_networking_test" not in [d.id for d in cat.dimensions]
    assert [d.id for d in cat.informational][-1] == "private_networking_test"
    assert all(next(g for g in cat.groups if g.id == d.group).informational for d in cat.informational)
    assert cat.get("private_networking_test") is not None
    assert len(cat.dimensions) == 11


def test_an_informational_group_round_trips_through_the_files():
    files = with_controls(files_of())
    bundle = parse_files(files)
    assert parse_files(dump_files(bundle)) == bundle
    assert "informational: true" in dump_files(bundle)["dimensions.yaml"]


def test_informational_must_be_true_or_false():
    files = with_controls(files_of())
    cat = yamlio.load(files["dimensions.yaml"])
    cat["groups"][-1]["informational"] = "yes"
    try:
        parse_files({**files, "dimensions.yaml": yamlio.dump(cat)})
    except Exception as exc:  # noqa: BLE001 - the reader's error lists every problem
        assert "groups[3].informational" in str(exc) or "informational" in str(exc)
    else:
        raise AssertionError("a non-boolean informational flag was accepted")


def test_an_offering_may_add_scope_to_an_inherited_informational_cell():
    files = with_offering(with_controls(files_of()), "offerings/azure-openai.yaml",
                          lambda d: d["cells"].__setitem__("private_networking_test", {"notes": "Per resource."}))
    bundle = parse_files(files)
    azure = next(o for o in bundle.offerings if o.id == "azure-openai")
    assert azure.scopes["private_networking_test"].notes == "Per resource."

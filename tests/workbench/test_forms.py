"""The workbench's cell form asks for every field of one value a cell record has (the record names
them; a field added to the record and not to the form fails here), within the record's own limits."""

from __future__ import annotations

import pytest

from trustreg.domain.catalogue import Dimension, Level
from trustreg.domain.cells import CELL_VALUES
from trustreg.domain.fieldtypes import LIMITS
from trustreg.workbench.forms import CellForm, SnapshotForm

DIM = Dimension(id="soc2_type2", label="SOC 2", question="SOC 2 Type II?", group="vendor_trust",
                level=Level.PLATFORM, slug="soc2-type-2", freshness_days=365)


def test_the_cell_form_has_a_field_for_each_single_value_of_a_cell_record():
    form = CellForm(dimension=DIM, scope_allowed=False)
    assert set(CELL_VALUES) <= set(form.fields)


@pytest.mark.parametrize("name", [n for n in CELL_VALUES if n in LIMITS])
def test_each_text_field_of_the_form_has_the_records_limit(name):
    assert CellForm(dimension=DIM, scope_allowed=False).fields[name].max_length == LIMITS[name]


def test_the_form_gives_the_cell_its_fields_by_the_records_names(db):
    form = CellForm({"grade": "partial", "notes": "Part of it.", "verified": "2026-05-01", "kind": "editorial",
                     "reason": "clarify"}, dimension=DIM, scope_allowed=False)
    assert form.is_valid(), form.errors
    fields = form.cell_fields()
    assert set(fields) == {*CELL_VALUES, "facts"}
    assert (fields["grade"], fields["verified"], fields["facts"]) == ("partial", "2026-05-01", {})


def test_a_copy_is_pasted_or_uploaded_never_neither():
    assert not SnapshotForm({"text": "   "}).is_valid()
    assert SnapshotForm({"text": "Kept text."}).is_valid()

"""Rows and records convert by the records' own fields: a cell, a party and an offering written to
their rows read back as the same records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.test_history import records
from trustreg.domain.cells import ScopeRecord
from trustreg.registry.convert import (
    ROW_FIELDS,
    cell_fields,
    offering_columns,
    offering_record,
    party_columns,
    party_record,
    record_from_row,
)
from trustreg.registry.models import Cell, Offering, Party
from trustreg.registry.selectors import bundle_from_db


@given(records)
def test_a_cell_written_to_its_row_reads_back_as_the_same_record(rec):
    row = Cell(offering_id="o1", dimension_id="soc2_type2", **cell_fields(rec))
    assert record_from_row(row, rec.sources, rec.annotations) == rec


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40))
def test_a_scope_entry_keeps_only_its_own_columns(notes):
    rec = ScopeRecord(notes=notes, facts={"k": 1})
    fields = cell_fields(rec)
    assert set(fields) == set(ROW_FIELDS) and fields["grade"] == ""
    row = Cell(offering_id="o1", dimension_id="soc2_type2", **fields)
    assert record_from_row(row, (), ()) == rec


@pytest.mark.django_db
def test_every_party_and_offering_of_a_loaded_registry_reads_back_from_its_row(loaded):
    from_db = bundle_from_db()
    for p in loaded.parties:
        row = Party(id=p.id, **party_columns(p))
        assert party_record(row, dict(p.cells)) == p
    for o in loaded.offerings:
        row = Offering(id=o.id, **offering_columns(o))
        assert offering_record(row, dict(o.cells), dict(o.scopes)) == o
    assert [p.id for p in from_db.parties] == sorted(p.id for p in loaded.parties)
    assert {o.id: (o.name, o.developer, o.extra) for o in from_db.offerings} == {
        o.id: (o.name, o.developer, o.extra) for o in loaded.offerings}

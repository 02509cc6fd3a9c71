"""The registry as CSV: one row per listed offering and core question, formulas defused."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.bulk import build, csvfile, store
from trustreg.domain.cells import CellRecord, Origin, ResolvedCell, SourceRef
from trustreg.domain.fieldtypes import replace
from trustreg.registry import selectors
from trustreg.registry.services import registry_load


def read(name: str) -> str:
    generation = store.current()
    assert generation is not None
    return generation.file(name).read_text(encoding="utf-8")


def written(day: dt.date) -> str:
    fh = io.StringIO(newline="")
    csvfile.write(fh, day)
    return fh.getvalue()


# -- formula injection ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1",
                                  '=HYPERLINK("http://attacker.example/","click")'])
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert csvfile.safe(text) == "'" + text


@given(st.text(max_size=50))
def test_safe_text_never_starts_a_formula_and_loses_nothing(text):
    out = csvfile.safe(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out in (text, "'" + text)
    assert (out == text) is (not text.startswith(("=", "+", "-", "@", "\t", "\r")))


def test_plain_values_are_written_as_they_are():
    assert csvfile.safe("Azure OpenAI") == "Azure OpenAI"
    assert csvfile.safe("a=b") == "a=b"
    assert csvfile.safe(None) == ""
    assert csvfile.safe(30) == "30"
    assert csvfile.safe(-3) == "'-3"


# -- the primary source ---------------------------------------------------------------------------


def source(url, *, primary=True, role="supports"):
    return SourceRef(url=url, kind="vendor_doc" if primary else "news", primary=primary, role=role)


def test_the_primary_source_is_the_first_primary_one_cited_as_evidence(bundled):
    record = CellRecord(grade="yes_public", sources=(
        source("https://news.example/a", primary=False),
        source("https://vendor.example/lead", role="lead"),
        source("https://vendor.example/trust"),
        source("https://vendor.example/second"),
    ))
    cell = ResolvedCell(dimension=bundled.catalogue.get("soc2_type2"), origin=Origin.OFFERING, record=record,
                        graded_party_id="p")
    assert csvfile.primary_source_url(cell) == "https://vendor.example/trust"


def test_a_cell_with_only_leads_and_secondary_sources_has_no_primary_source(bundled):
    record = CellRecord(grade="unclear", sources=(source("https://news.example/a", primary=False),
                                                  source("https://vendor.example/lead", role="lead")))
    dim = bundled.catalogue.get("soc2_type2")
    assert csvfile.primary_source_url(ResolvedCell(dim, Origin.OFFERING, record, "p")) == ""
    assert csvfile.primary_source_url(ResolvedCell(dim, Origin.NONE, None, "p")) == ""


# -- the file --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_file_has_its_header_then_a_row_per_listed_offering_and_core_question(loaded):
    text = written(dt.date(2026, 1, 1))
    assert text.startswith(",".join(csvfile.COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    cat = selectors.catalogue()
    offerings = list(selectors.listed_offerings().order_by("sort_order", "id"))
    n = len(list(selectors.offering_view(offerings[0].id).cells))
    assert len(rows) == len(offerings) * n
    assert [r["offering_id"] for r in rows[::n]] == [o.id for o in offerings]
    assert {r["question_id"] for r in rows} <= {d.id for d in cat.dimensions}


@pytest.mark.django_db
def test_expiry_is_judged_on_the_day_the_file_is_written_for(loaded):
    early = list(csv.DictReader(io.StringIO(written(dt.date(2000, 1, 1)))))
    late = list(csv.DictReader(io.StringIO(written(dt.date(2100, 1, 1)))))
    verified = [i for i, r in enumerate(early) if r["verified"]]
    assert verified
    assert all(early[i]["expired"] == "no" and late[i]["expired"] == "yes" for i in verified)
    assert all(r["expired"] == "no" and r["expires"] == "" for r in late if not r["verified"])
    for r in late:
        if r["verified"]:
            assert dt.date.fromisoformat(r["expires"]) > dt.date.fromisoformat(r["verified"])


@pytest.mark.django_db
def test_the_csv_carries_the_pages_grades_and_evidence_strength(built):
    rows = list(csv.DictReader(io.StringIO(read(build.CSV))))
    for offering_id in {r["offering_id"] for r in rows[:40]}:
        view = selectors.offering_view(offering_id)
        mine = {r["question_id"]: r for r in rows if r["offering_id"] == offering_id}
        assert list(mine) == [c.dimension.id for c in view.cells]
        for cell in view.cells:
            row = mine[cell.dimension.id]
            assert row["grade"] == cell.grade
            assert row["evidence_strength"] == view.strengths[cell.dimension.id].strength.value
            assert row["primary_source_url"] == csvfile.primary_source_url(cell)
            assert row["verified"] == (cell.record.verified.isoformat() if cell.record and cell.record.verified
                                       else "")


@pytest.mark.django_db
def test_the_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(bundled):
    evil = '=HYPERLINK("http://attacker.example/","click")'
    offerings = tuple(replace(o, name=evil) if o.id == "azure-openai" else o for o in bundled.offerings)
    registry_load(actor="test", bundle=replace(bundled, offerings=offerings))
    build.build()
    names = {r["offering"] for r in csv.DictReader(io.StringIO(read(build.CSV)))}
    assert "'" + evil in names and evil not in names

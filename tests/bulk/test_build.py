"""The bulk files are rebuilt after every commit that changes what the public sees, atomically."""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from tests.history_helpers import with_party_cell
from trustreg.bulk import build, csvfile, store
from trustreg.domain.fieldtypes import replace
from trustreg.registry import selectors
from trustreg.registry.datajson import export_document
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db


def read(name: str) -> str:
    generation = store.current()
    assert generation is not None
    return generation.file(name).read_text(encoding="utf-8")


def soc2_of_azure(data_json: str) -> str:
    azure = next(o for o in json.loads(data_json)["offerings"] if o["id"] == "azure-openai")
    return azure["dimensions"]["soc2_type2"]["value"]


@contextmanager
def committed(capture):  # noqa: ANN001, ANN201
    """Run the callbacks the block queues for after its commit, then forget them as a commit does
    (the test's own transaction never commits)."""
    with capture(execute=True) as callbacks:
        yield callbacks
    connection.run_on_commit.clear()


def test_a_load_builds_the_files_after_its_commit_and_a_change_makes_a_new_generation(
    bundled, bundled_history, django_capture_on_commit_callbacks,
):
    with committed(django_capture_on_commit_callbacks) as callbacks:
        registry_load(actor="test", bundle=bundled, history=bundled_history)
        registry_load(actor="test", bundle=bundled, history=bundled_history)
    # one build per transaction, however many services ran (other parts may queue their own callbacks)
    assert [c for c in callbacks if c == build.after_commit] == [build.after_commit]
    first = store.current()
    assert first is not None and {build.DATA_JSON, build.CSV, build.DUMP, "calendar.ics"} <= set(first.files)
    assert json.loads(read(build.DATA_JSON)) == export_document(generated=first.day)
    with committed(django_capture_on_commit_callbacks) as callbacks:  # the same registry again: same files
        registry_load(actor="test", bundle=bundled, history=bundled_history)
    assert [c for c in callbacks if c == build.after_commit] == [build.after_commit]
    assert store.current().number == first.number
    azure = next(p for p in bundled.parties if p.id == "microsoft-azure")
    other = "yes_sales_gated" if azure.cells["soc2_type2"].grade != "yes_sales_gated" else "partial"
    with committed(django_capture_on_commit_callbacks):
        registry_load(actor="test", bundle=with_party_cell(bundled, "microsoft-azure", "soc2_type2", grade=other))
    second = store.current()
    assert second.number == first.number + 1 and soc2_of_azure(read(build.DATA_JSON)) == other
    assert second.files[build.DUMP].last_modified == second.built_at
    assert not first.path.exists() or first.path != second.path


def test_a_rolled_back_load_builds_nothing(bundled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        registry_load(actor="test", bundle=bundled)
        raise RuntimeError("the load fails after writing")
    assert store.current() is None


def test_a_build_that_fails_leaves_the_current_generation_and_no_half_written_file(built, tmp_path):
    before = store.current()

    def broken(fh):  # noqa: ANN001, ANN202
        fh.write("half a file")
        raise OSError("disk full")

    with pytest.raises(OSError), store.build_lock():
        store.publish([("data.json", "application/json", broken)], now=before.built_at, day=before.day)
    after = store.current()
    assert after == before and read(build.DATA_JSON).endswith("}\n")
    assert [p.name for p in store.bulk_dir().iterdir() if p.name.startswith(".building")] == []


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


def test_the_csv_defuses_text_a_spreadsheet_would_run_as_a_formula(bundled, django_capture_on_commit_callbacks):
    evil = '=HYPERLINK("http://attacker.example/","click")'
    offerings = tuple(replace(o, name=evil) if o.id == "azure-openai" else o for o in bundled.offerings)
    with committed(django_capture_on_commit_callbacks):
        registry_load(actor="test", bundle=replace(bundled, offerings=offerings))
    names = {r["offering"] for r in csv.DictReader(io.StringIO(read(build.CSV)))}
    assert "'" + evil in names and evil not in names

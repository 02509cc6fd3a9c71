"""Writing a registry: records to the files the reader accepts, and a directory rewritten in place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.domain import strategies
from trustreg.domain.bundle import dump_files, parse_files, read_dir, write_dir
from trustreg.domain.bundle.writer import plain_record
from trustreg.domain.cells import CellRecord, SourceRef

DATA = Path(__file__).resolve().parents[3] / "data" / "registry"


def test_export_then_read_gives_the_same_bundled_registry(tmp_path):
    bundle = read_dir(DATA)
    write_dir(bundle, tmp_path)
    assert read_dir(tmp_path) == bundle


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=strategies.st.data())
def test_any_valid_registry_round_trips_through_its_files(data, bundled):
    bundle = data.draw(strategies.bundles(bundled.catalogue))
    files = dump_files(bundle)
    assert parse_files(files) == bundle


def test_the_files_follow_the_directory_layout(bundled):
    files = dump_files(bundled)
    assert {"registry.yaml", "dimensions.yaml"} <= set(files)
    assert {f"parties/{p.id}.yaml" for p in bundled.parties} <= set(files)
    assert {f"offerings/{o.id}.yaml" for o in bundled.offerings} <= set(files)
    for c in bundled.copies:
        assert files[f"copies/{c.id}.txt"] == c.text
        assert f"copies/{c.id}.yaml" in files
    assert len(files) == 2 + len(bundled.parties) + len(bundled.offerings) + 2 * len(bundled.copies)


def test_writing_the_same_registry_again_rewrites_nothing(tmp_path, bundled):
    first = write_dir(bundled, tmp_path)
    assert len(first) == len(dump_files(bundled))
    assert write_dir(bundled, tmp_path) == []
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_changed_offering_rewrites_only_its_file(tmp_path, bundled):
    write_dir(bundled, tmp_path)
    first, *rest = bundled.offerings
    changed = dataclasses.replace(bundled, offerings=(first.model_copy(update={"name": first.name + " (new)"}), *rest))
    assert write_dir(changed, tmp_path) == [tmp_path / "offerings" / f"{first.id}.yaml"]
    assert {o.id: o.name for o in read_dir(tmp_path).offerings}[first.id] == first.name + " (new)"


def test_a_dropped_offering_loses_its_file_and_other_files_are_left_alone(tmp_path, bundled):
    write_dir(bundled, tmp_path)
    (tmp_path / "review-flags.yaml").write_text("kept: true\n")
    (tmp_path / "offerings" / "README").write_text("not a data file\n")
    gone, *rest = bundled.offerings
    write_dir(dataclasses.replace(bundled, offerings=tuple(rest)), tmp_path)
    assert not (tmp_path / "offerings" / f"{gone.id}.yaml").exists()
    assert (tmp_path / "review-flags.yaml").read_text() == "kept: true\n"
    assert (tmp_path / "offerings" / "README").exists()


def test_a_kept_copys_text_is_written_byte_for_byte(tmp_path, bundled):
    write_dir(bundled, tmp_path)
    for c in bundled.copies:
        assert (tmp_path / "copies" / f"{c.id}.txt").read_bytes() == c.text.encode("utf-8")


def test_a_record_leaves_out_empty_and_default_fields_and_writes_dates_as_text():
    cell = CellRecord(grade="yes_public", verified=dt.date(2026, 7, 5),
                      sources=(SourceRef(url="https://vendor.example/trust", kind="vendor_doc", primary=True),))
    data = plain_record(cell)
    assert data["grade"] == "yes_public"
    assert data["verified"] == "2026-07-05"
    assert "notes" not in data and "facts" not in data and "confidence" not in data
    (source,) = data["sources"]
    assert source["url"] == "https://vendor.example/trust"
    assert "role" not in source  # the default role, "supports", is not written
    assert CellRecord.model_validate(data) == cell

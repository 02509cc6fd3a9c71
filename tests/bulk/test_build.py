"""A build writes the bulk files from one reading of the registry, atomically, and records what it read."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction

from tests.history_helpers import with_party_cell
from trustreg.accounts import aftermath
from trustreg.accounts.aftermath import public_generation
from trustreg.bulk import build, claim, store
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


def test_a_build_records_the_registry_generation_it_read_and_a_change_makes_a_new_generation(
    bundled, bundled_history,
):
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    first = build.build()
    assert first == store.current()
    assert {build.DATA_JSON, build.CSV, build.DUMP, "calendar.ics"} <= set(first.files)
    assert first.registry_generation == public_generation().number and not build.behind()
    assert json.loads(read(build.DATA_JSON)) == export_document(generated=first.day)
    azure = next(p for p in bundled.parties if p.id == "microsoft-azure")
    other = "yes_sales_gated" if azure.cells["soc2_type2"].grade != "yes_sales_gated" else "partial"
    registry_load(actor="test", bundle=with_party_cell(bundled, "microsoft-azure", "soc2_type2", grade=other))
    assert build.behind() and store.current() == first  # the files stay as they were until a build
    second = build.build()
    assert second.number == first.number + 1 and soc2_of_azure(read(build.DATA_JSON)) == other
    assert second.registry_generation == public_generation().number
    assert second.files[build.DUMP].last_modified == second.built_at
    assert not first.path.exists() or first.path != second.path


def test_a_build_that_finds_every_file_unchanged_keeps_the_generation_and_records_the_registry_generation(
    built,
):
    first = store.current()
    with transaction.atomic():
        aftermath.published_changed()  # a change the files do not show (nothing public moved)
    assert build.behind()
    again = build.build()
    assert (again.number, again.path, again.files) == (first.number, first.path, first.files)
    assert again.registry_generation == first.registry_generation + 1 and not build.behind()
    assert again.checked_at >= first.built_at and store.current() == again
    assert [p.name for p in again.path.iterdir() if p.name.startswith(".")] == []  # no temporary manifest left


def test_a_build_of_a_day_later_is_due_though_the_registry_did_not_change(built, monkeypatch):
    generation = store.current()
    assert not build.behind(generation)
    monkeypatch.setattr(build.timezone, "localdate", lambda *a: generation.day + dt.timedelta(days=1))
    assert build.behind(generation)


def test_a_build_records_how_it_went_on_the_claim_and_gives_the_claim_back(built):
    last = claim.last()
    generation = store.current()
    assert last.holder == "" and last.until is None
    assert last.last_outcome == f"generation {generation.number}"
    assert last.last_registry_generation == generation.registry_generation and last.last_seconds >= 0


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


def fail_after_build() -> None:
    raise RuntimeError("figures unavailable")


def count_after_build() -> None:
    count_after_build.calls += 1  # type: ignore[attr-defined]


def test_a_step_after_the_build_that_fails_is_logged_and_the_next_still_runs(built, settings, caplog):
    settings.TRUSTREG_AFTER_BULK_BUILD = [f"{__name__}.fail_after_build", f"{__name__}.count_after_build"]
    count_after_build.calls = 0  # type: ignore[attr-defined]
    before = store.current()
    build.after_build()
    assert count_after_build.calls == 1 and store.current() == before
    assert "fail_after_build failed after the build" in caplog.text and "figures unavailable" in caplog.text

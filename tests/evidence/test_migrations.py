"""Migrations keep existing data: kept copies recorded before extractions were versioned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evidence", "0006_ordered_json")]
AFTER = [("evidence", "0007_extractions")]


@pytest.mark.django_db(transaction=True)
def test_every_existing_copy_keeps_its_text_as_its_first_extraction():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Source, Blob, Snapshot = (apps.get_model("evidence", n) for n in ("Source", "Blob", "Snapshot"))
    source = Source.objects.create(url="https://vendor.example/terms", kind="legal", public_id="s1")
    Blob.objects.create(sha256="a" * 64, data=b"<p>Terms</p>", size=12)
    at = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    kept = {
        "fetched": ("v2:trafilatura", "Terms as derived", ""),
        "uploaded": ("pypdf", "", "no text layer"),  # before uploads carried a version stamp
        "pasted": ("pasted", "  Terms,\u00a0as pasted  ", ""),
        "bundled": ("", "Terms as bundled", ""),
    }
    for n, (how, (stamp, text, error)) in enumerate(kept.items()):
        Snapshot.objects.create(source=source, taken_at=at, how=how, blob_id="a" * 64, text=text,
                                text_extractor=stamp, extract_error=error, public_id=f"p{n}")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Extraction = apps.get_model("evidence", "Extraction")
    rows = {e.snapshot.how: e for e in Extraction.objects.select_related("snapshot")}
    assert set(rows) == set(kept)
    for how, (stamp, text, error) in kept.items():
        e = rows[how]
        assert (e.extractor, e.text, e.error, e.cause, e.created_at) == (stamp or how, text, error, "kept", at)
        assert e.snapshot.text == text  # the copy itself is untouched

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest for the next tests

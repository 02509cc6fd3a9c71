"""The full dump holds everything public, history included, and nothing private."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from trustreg.bulk import dump
from trustreg.evidence.models import Snapshot, Source
from trustreg.evidence.services import snapshot_add, snapshot_set_public
from trustreg.registry.models import Cell, Offering, Party, Revision

pytestmark = pytest.mark.django_db


def dump_lines() -> list[dict]:
    return [json.loads(json.dumps(line)) for line in dump.lines(timezone.localdate())]


def test_the_dump_has_every_public_row_once_and_counts_them_at_the_end(loaded):
    lines = dump_lines()
    assert lines[0]["type"] == "header" and lines[0]["format"] == dump.FORMAT
    by_type: dict[str, list[dict]] = {}
    for line in lines:
        by_type.setdefault(line["type"], []).append(line)
    assert lines[-1] == {"type": "end", "counts": {t: len(v) for t, v in by_type.items() if t != "end"}}
    assert len(by_type["offering"]) == Offering.objects.count()
    assert len(by_type["party"]) == Party.objects.count()
    assert len(by_type["cell"]) == Cell.objects.count()
    assert len(by_type["revision"]) == Revision.objects.count()
    assert {c["copy"] for c in by_type["citation"] if c["copy"]} <= {c["id"] for c in by_type["copy"]}
    assert any(check["present"] for c in by_type["citation"] for check in c["quote_checks"])


def test_a_private_copy_and_an_uncited_source_stay_out_until_made_public(loaded):
    cited = Source.objects.filter(citations__isnull=False).first()
    secret = "NDA report text that must never leave the building"
    private = snapshot_add(actor="test", source=cited, text=secret)
    uncited = Source.objects.create(url="https://example.org/not-cited", kind="vendor_doc")
    Snapshot.objects.create(source=uncited, taken_at=timezone.now() - dt.timedelta(days=1), how="fetched",
                            public=True, text="public text of an uncited page")
    text = "\n".join(json.dumps(line) for line in dump_lines())
    assert not private.public and secret not in text and private.public_id not in text
    assert uncited.url not in text and "uncited page" not in text
    snapshot_set_public(actor="test", snapshot=private, public=True, reason="the vendor published it")
    text = "\n".join(json.dumps(line) for line in dump_lines())
    assert secret in text and private.public_id in text

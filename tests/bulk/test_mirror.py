"""`import-dump`: a mirror built from a dump answers like the original, today and on past days;
a hostile or broken dump is refused with a clear error and nothing written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.accounts.models import AuditEvent
from trustreg.bulk import dayfill, dump
from trustreg.bulk.dumpread import DumpRefused, read
from trustreg.bulk.mirror import registry_mirror_import
from trustreg.evidence.models import Blob, MonitorState, QuoteCheck, Snapshot, Source
from trustreg.flags.models import Flag
from trustreg.outbox.models import OutboxEvent
from trustreg.registry.models import (
    Cell,
    Dimension,
    DimensionGroup,
    Offering,
    Party,
    RegistryInfo,
    Revision,
)
from trustreg.workbench.models import Correction

pytestmark = pytest.mark.django_db


def write_dump(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        dump.write(fh, timezone.localdate())
    return path


def wipe() -> None:
    """An empty database, as a fresh install's after `migrate`."""
    for model in (Flag, Correction, QuoteCheck, Cell, Revision, MonitorState, Snapshot, Source, Blob, Offering,
                  Party, Dimension, DimensionGroup, RegistryInfo, AuditEvent):
        model.objects.all().delete()


def answers(client: Client, days: list[str]) -> dict[str, object]:
    """The JSON the original answers, without the moment it was generated."""
    offerings = list(Offering.objects.order_by("id").values_list("id", flat=True))
    slugs = list(Dimension.objects.order_by("position").values_list("slug", flat=True))
    urls = ["/api/v1/offerings?limit=200", "/api/v1/questions", "/api/v1/parties", "/api/v1/health",
            "/api/v1/changes?since=2000-01-01&limit=500", f"/api/v1/compare?ids={offerings[0]},{offerings[1]}"]
    urls += [f"/api/v1/offerings/{o}" for o in offerings] + [f"/api/v1/offerings/{o}/history?limit=200"
                                                             for o in offerings]
    urls += [f"/api/v1/questions/{s}" for s in slugs]
    for day in days:
        urls += [f"/api/v1/offerings?limit=200&as_of={day}",
                 f"/api/v1/changes?since=2000-01-01&limit=500&as_of={day}"]
        urls += [f"/api/v1/offerings/{o}?as_of={day}" for o in offerings[:6]]
    # what /data.json?as_of= serves once the bulk worker wrote the day (bulk.dayfill)
    out: dict[str, object] = {f"data.json as of {day}": dayfill.replay_text(dt.date.fromisoformat(day)) for day in days}
    for url in urls:
        r = client.get(url)
        doc = r.json() if r.status_code == 200 else r.status_code
        if isinstance(doc, dict):
            doc.pop("generated_at", None)
        out[url] = doc
    return out


def test_a_mirror_answers_like_the_original_today_and_on_past_days(loaded, client, tmp_path):
    dates = sorted({d.date().isoformat() for d in Revision.objects.values_list("published_at", flat=True)})
    days = [dates[0], dates[len(dates) // 2], dates[-2] if len(dates) > 1 else dates[0]]
    original = answers(client, days)
    assert any(isinstance(v, dict) and v.get("items") for v in original.values())
    path = write_dump(tmp_path / "dump.jsonl")
    wipe()
    events = OutboxEvent.objects.count()
    report = registry_mirror_import(actor="test", path=path)
    assert report.offerings == len(loaded.offerings)
    mirrored = answers(client, days)
    assert [url for url in original if original[url] != mirrored[url]] == []
    # revisions, cell dates, links to kept copies and quote checks are the original's, written back unchanged
    assert write_dump(tmp_path / "again.jsonl").read_text() == path.read_text()
    assert QuoteCheck.objects.exists()
    assert OutboxEvent.objects.count() == events  # the original published those changes, not the mirror


def test_importing_into_a_registry_that_holds_data_is_refused(loaded, tmp_path):
    path = write_dump(tmp_path / "dump.jsonl")
    revisions = Revision.objects.count()
    with pytest.raises(DumpRefused, match="already holds a registry"):
        registry_mirror_import(actor="test", path=path)
    assert Revision.objects.count() == revisions


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def refused(tmp_path: Path, lines: list[str], capsys) -> str:  # noqa: ANN001
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wipe()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_dump", str(bad))
    assert Offering.objects.count() == Party.objects.count() == Revision.objects.count() == 0
    return capsys.readouterr().err.replace(str(bad), "bad.jsonl")


def test_a_truncated_dump_is_refused_and_nothing_is_written(loaded, tmp_path, capsys):
    lines = lines_of(write_dump(tmp_path / "dump.jsonl"))
    assert "the dump has no end line: it is truncated" in refused(tmp_path, lines[:-5], capsys)


def test_a_deeply_nested_line_is_refused_before_parsing_naming_its_line(loaded, tmp_path, capsys):
    lines = lines_of(write_dump(tmp_path / "dump.jsonl"))
    lines[3] = '{"type":"party","id":' + "[" * 100_000 + "]" * 100_000 + "}"
    err = refused(tmp_path, lines, capsys)
    assert "bad.jsonl: line 4: line 1, column" in err and "nested deeper than 32 levels" in err


def test_a_broken_reference_names_the_line_and_field(loaded, tmp_path, capsys):
    lines = lines_of(write_dump(tmp_path / "dump.jsonl"))
    at = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "offering")
    offering = json.loads(lines[at])
    offering["developer"] = "nobody-we-know"
    lines[at] = json.dumps(offering)
    err = refused(tmp_path, lines, capsys)
    assert f"bad.jsonl: line {at + 1}: developer: 'nobody-we-know' is not a party of this dump" in err


def test_a_cell_the_catalogue_does_not_allow_is_refused_by_the_data_file_rules(loaded, tmp_path, capsys):
    lines = lines_of(write_dump(tmp_path / "dump.jsonl"))
    at = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "cell"
              and "grade" in json.loads(line)["record"])
    cell = json.loads(lines[at])
    cell["record"]["grade"] = "<script>"
    lines[at] = json.dumps(cell)
    assert f"bad.jsonl: line {at + 1}: record.grade: " in refused(tmp_path, lines, capsys)


def test_a_dump_larger_than_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DumpRefused, match="the file is 2048 bytes; the limit is 1024"):
        read(path, max_bytes=1024)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.builds(json.dumps, st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                       lambda inner: st.lists(inner, max_size=3)
                                       | st.dictionaries(st.sampled_from(["type", "id", "holder", "x"]), inner,
                                                         max_size=3), max_leaves=12)),
    st.sampled_from(['{"type":"header","format":"trustreg-dump","version":1,"generated":"2026-01-01"}',
                     '{"type":"end","counts":{"header":1}}', '{"type":"party"}']),
), max_size=6))
def test_any_text_is_read_or_refused_never_crashes(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("dumps") / "dump.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        read(path)
    except DumpRefused as exc:
        assert exc.problems and all(str(p).startswith(str(path)) for p in exc.problems)

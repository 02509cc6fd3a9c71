"""The `trustreg` console script: check, load, export and data.json import."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trustreg.cli import COMMANDS
from trustreg.domain import nesting, yamlio, yamlpool
from trustreg.domain.bundle import read_dir
from trustreg.registry.models import Cell, Offering, Revision
from trustreg.registry.selectors import bundle_from_db

DATA = Path(__file__).resolve().parents[2] / "data" / "registry"


def broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(DATA, target)
    path = target / "offerings" / "azure-openai.yaml"
    data = yamlio.load(path.read_text())
    data["cells"]["retention_zdr"]["grade"] = "maybe"
    data["cells"]["retention_zdr"]["facts"]["retention_days"] = "thirty"
    path.write_text(yamlio.dump(data))
    return target


def test_check_lists_every_problem_and_exits_1(tmp_path):
    target = broken_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "trustreg.cli", "check", str(target)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("offerings/azure-openai.yaml: cells.retention_zdr.grade:") for line in lines)
    assert any(line.startswith("offerings/azure-openai.yaml: cells.retention_zdr.facts.retention_days: expected a "
                               "whole number") for line in lines)


def test_check_passes_the_bundled_registry():
    result = subprocess.run([sys.executable, "-m", "trustreg.cli", "check", str(DATA)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "OK: 11 dimensions, 13 parties, 18 offerings" in result.stdout


def test_our_verbs_map_to_commands_that_do_not_clash_with_djangos():
    assert COMMANDS["check"] == "registry_check" and COMMANDS["django-check"] == "check"


@pytest.mark.django_db
@pytest.mark.parametrize("parallel_from", [yamlpool.PARALLEL_FROM, 1], ids=["here", "in-workers"])
def test_load_refuses_a_broken_directory_and_changes_nothing(tmp_path, capsys, monkeypatch, parallel_from):
    monkeypatch.setattr(yamlpool, "PARALLEL_FROM", parallel_from)
    forks = []
    monkeypatch.setattr(yamlpool.multiprocessing, "get_context",
                        lambda method, real=yamlpool.multiprocessing.get_context: forks.append(method) or real(method))
    call_command("registry_load", str(DATA))
    before = (Cell.objects.count(), Revision.objects.count())
    with pytest.raises(CommandError):
        call_command("registry_load", str(broken_copy(tmp_path)))
    assert "offerings/azure-openai.yaml: cells.retention_zdr.grade" in capsys.readouterr().err
    assert (Cell.objects.count(), Revision.objects.count()) == before
    unparsable = broken_copy(tmp_path / "unparsable")
    (unparsable / "offerings" / "openai-api.yaml").write_text("id: [unclosed\n")
    with pytest.raises(CommandError):
        call_command("registry_load", str(unparsable))
    assert "offerings/openai-api.yaml: " in (err := capsys.readouterr().err) and "malformed YAML" in err
    assert (Cell.objects.count(), Revision.objects.count()) == before
    assert bool(forks) == (parallel_from == 1)  # the bundled registry's few files are read here


@pytest.mark.django_db
def test_load_is_idempotent_and_export_loads_back_to_the_same_registry(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    call_command("registry_load", str(DATA))
    assert "0 created, 0 updated, 0 removed" in capsys.readouterr().out
    call_command("registry_export", str(tmp_path / "out"))
    assert read_dir(tmp_path / "out") == bundle_from_db() == read_dir(DATA)


@pytest.mark.django_db
def test_import_data_json_refuses_a_malformed_file_naming_it(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    bad = tmp_path / "data.json"
    bad.write_text(json.dumps({"name": "x", "dimensions": {}, "offerings": [{"id": "Bad Id"}]}))
    with pytest.raises(CommandError):
        call_command("import_data_json", str(bad))
    err = capsys.readouterr().err
    assert f"{bad}: offerings[0].id:" in err and f"{bad}: offerings[0].name: required field is missing" in err


@pytest.mark.django_db
def test_export_data_json_then_import_is_a_no_op(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    out = tmp_path / "data.json"
    call_command("export_data_json", str(out))
    revisions = Revision.objects.count()
    call_command("import_data_json", str(out))
    assert Revision.objects.count() == revisions


def test_trustreg_with_no_arguments_lists_our_commands_not_djangos():
    result = subprocess.run([sys.executable, "-m", "trustreg.cli"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for verb in ("check DIR", "load DIR", "export-data-json", "maintainer add", "monitor run", "ingest"):
        assert verb in result.stdout
    for internal in ("registry_check", "registry_load", "[auth]", "changepassword", "squashmigrations"):
        assert internal not in result.stdout


@pytest.mark.django_db
def test_export_data_json_to_a_file_says_what_it_wrote(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    capsys.readouterr()
    out = tmp_path / "data.json"
    call_command("export_data_json", str(out))
    assert f"wrote {out}: 18 offerings" in capsys.readouterr().out


@pytest.mark.django_db
def test_export_data_json_to_standard_output_is_only_the_json(capsys):
    call_command("registry_load", str(DATA))
    capsys.readouterr()
    call_command("export_data_json", "-")
    assert json.loads(capsys.readouterr().out)["offerings"]


@pytest.mark.django_db
def test_load_of_a_directory_missing_an_offering_reports_it_and_retires_it_only_when_asked(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    partial = tmp_path / "registry"
    shutil.copytree(DATA, partial)
    (partial / "offerings" / "anthropic-api.yaml").unlink()
    (partial / "history" / "offerings" / "anthropic-api.yaml").unlink()  # its history goes with it
    call_command("registry_load", str(partial))
    assert "kept as they were (retire them with --retire-missing): anthropic-api" in capsys.readouterr().out
    assert Offering.objects.get(id="anthropic-api").retired_at is None
    call_command("registry_load", str(partial), "--retire-missing")
    assert "retired (history and corrections kept): anthropic-api" in capsys.readouterr().out
    assert Offering.objects.get(id="anthropic-api").retired_at is not None


def hostile_copy(tmp_path: Path, extra: str) -> Path:
    """The bundled registry with ``extra`` (YAML text) as azure-openai's extra data."""
    target = tmp_path / "hostile"
    shutil.copytree(DATA, target)
    path = target / "offerings" / "azure-openai.yaml"
    path.write_text(path.read_text().replace("\ncells:", f"\nextra:\n{extra}\ncells:", 1))
    return target


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trustreg.cli", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_check_refuses_nesting_that_would_crash_the_yaml_parser_with_a_message(tmp_path):
    # 30,000 nested "[" (60 KB) segfaulted the C YAML loader: exit 139 and no message.
    target = hostile_copy(tmp_path, "  deep: " + "[" * 30_000 + "]" * 30_000)
    result = run_cli("check", str(target))
    assert result.returncode == 1, (result.returncode, result.stderr[-300:])
    assert "offerings/azure-openai.yaml: line " in result.stderr
    assert f"nested deeper than {nesting.MAX_DEPTH} levels" in result.stderr


def test_check_refuses_an_alias_bomb_at_once(tmp_path):
    # Nine levels of nine aliases: a billion items that `check` walked without end.
    bomb = "  a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "\n".join(
        f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10))
    result = run_cli("check", str(hostile_copy(tmp_path, bomb)), timeout=120)  # about 2 s when refused
    assert result.returncode == 1
    assert "offerings/azure-openai.yaml: line " in result.stderr and "anchors and aliases" in result.stderr


def test_check_names_the_field_of_an_impossible_date_or_an_endless_number(tmp_path):
    target = hostile_copy(tmp_path, "  n: " + "9" * 4301 + "\n  when: 2026-13-45")
    result = run_cli("check", str(target))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "offerings/azure-openai.yaml: extra.n: unsupported value 999" in result.stderr
    assert "offerings/azure-openai.yaml: extra.when: unsupported value 2026-13-45 (not a date" in result.stderr


BAD_DATA_JSON = {
    "empty": ("{}", "data.json: dimensions: required field is missing"),
    "offerings not a list": ('{"offerings": 5}', "data.json: name: required field is missing"),
    "duplicate keys": ('{"name": "a", "name": "b", "dimensions": {}, "offerings": []}', "duplicate key 'name'"),
    "deep": ('{"name": "a", "dimensions": {}, "offerings": ' + "[" * 30_000 + "]" * 30_000 + "}",
             "nested deeper than"),
    "endless number": ('{"name": "a", "dimensions": {}, "offerings": [], "n": ' + "9" * 4301 + "}",
                       "data.json: malformed JSON: Exceeds the limit (4300 digits)"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), BAD_DATA_JSON.values(), ids=BAD_DATA_JSON.keys())
def test_import_data_json_refuses_a_broken_file_with_a_message_and_changes_nothing(tmp_path, capsys, text,
                                                                                    message):
    call_command("registry_load", str(DATA))
    before = (Cell.objects.count(), Revision.objects.count())
    bad = tmp_path / "data.json"
    bad.write_text(text)
    with pytest.raises(CommandError, match="nothing imported") as exc:
        call_command("import_data_json", str(bad))
    assert exc.value.returncode == 1
    assert message in capsys.readouterr().err.replace(str(bad), "data.json")
    assert (Cell.objects.count(), Revision.objects.count()) == before


@pytest.mark.django_db
def test_import_data_json_names_an_impossible_verified_date(tmp_path, capsys):
    call_command("registry_load", str(DATA))
    out = tmp_path / "data.json"
    call_command("export_data_json", str(out))
    document = json.loads(out.read_text())
    cell = next(iter(document["offerings"][0]["dimensions"].values()))
    cell["verified"] = "2026-02-30"
    out.write_text(json.dumps(document))
    with pytest.raises(CommandError):
        call_command("import_data_json", str(out))
    assert ".verified: expected a date YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.django_db
def test_load_raises_the_bundled_review_flag_once(capsys):
    from trustreg.flags.models import Flag

    call_command("registry_load", str(DATA))
    assert "1 of 1 bundled review flags raised" in capsys.readouterr().out
    call_command("registry_load", str(DATA))
    assert "0 of 1 bundled review flags raised" in capsys.readouterr().out
    flag = Flag.objects.get(key="bundled:azure-openai-subprocessor-list")
    assert flag.status == Flag.Status.OPEN and flag.kind == "review"
    assert flag.offering_id == "azure-openai" and flag.dimension_id == "gdpr_dpa"
    assert "not re-verified in this pass (see review flag)" in flag.detail


@pytest.mark.django_db
def test_a_bad_review_flag_file_loads_nothing(tmp_path, capsys):
    target = tmp_path / "registry"
    shutil.copytree(DATA, target)
    (target / "review-flags.yaml").write_text("flags:\n  - {id: x}\n")
    with pytest.raises(CommandError):
        call_command("registry_load", str(target))
    assert "review-flags.yaml: flags[0].offering: required field is missing" in capsys.readouterr().err
    assert not Cell.objects.exists()


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _fact_orders(bundle):
    return [(o.id, d, list(c.facts)) for o in bundle.offerings for d, c in o.cells.items()] + [
        (d.id, list(d.facts)) for d in bundle.catalogue.all_dimensions]


@pytest.mark.django_db
def test_export_is_byte_identical_after_loading_it_and_rewrites_only_what_changed(tmp_path, capsys):
    # run on SQLite and on PostgreSQL (make test-postgres): jsonb would reorder the facts' keys
    call_command("registry_load", str(DATA))
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("registry_export", str(first))
    assert _fact_orders(read_dir(first)) == _fact_orders(read_dir(DATA))
    call_command("registry_load", str(first))
    call_command("registry_export", str(second))
    assert _tree(second) == _tree(first)
    stamps = {p: p.stat().st_mtime_ns for p in first.rglob("*.yaml")}
    capsys.readouterr()
    call_command("registry_export", str(first))
    assert "(0 files written" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*.yaml")} == stamps

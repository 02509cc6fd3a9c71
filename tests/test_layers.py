"""The layer contract (pyproject.toml, run by `make test` as `lint-imports`) names every part, so a new
part has to take a place in the order before it can import anything."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "trustreg"


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_every_part_has_a_place_in_the_layer_order():
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    placed = {name.strip() for layer in layers["layers"] for name in re.split(r"[|:]", layer)}
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert parts and sorted(parts - placed) == [] and sorted(placed - parts) == []


def test_the_readme_shows_the_layer_order_the_contract_enforces():
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## How the parts fit\n.*?```\n(.*?)```", readme, flags=re.S)
    assert block is not None
    shown = [re.split(r"\s{2,}", line.strip())[0] for line in block.group(1).splitlines() if line.strip()]
    assert shown == layers["layers"]


def test_the_make_test_target_runs_the_contracts():
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^test:.*?\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert target is not None and "lint-imports" in target.group(1)


def test_no_import_is_excused_from_the_layer_order():
    (layers,) = [c for c in contracts() if c["type"] == "layers"]
    assert layers.get("ignore_imports", []) == []

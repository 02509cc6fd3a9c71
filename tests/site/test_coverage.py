"""The coverage page's figures, recomputed here from the data files with code of the test's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from ruamel.yaml import YAML

from tests.conftest import DATA_DIR

pytestmark = pytest.mark.django_db


def _yaml(path: Path):  # noqa: ANN202
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def recompute(root: Path = DATA_DIR) -> dict[str, int]:
    """Resolve every offering x question along the two-level rule, straight from the files."""
    catalogue = _yaml(root / "dimensions.yaml")
    informational = {g["id"] for g in catalogue["groups"] if g.get("informational")}
    # The figures are over the core questions; informational ones are asked beyond them.
    levels = {d["id"]: d["level"] for d in catalogue["dimensions"] if d["group"] not in informational}
    parties = {p.stem: _yaml(p).get("cells") or {} for p in (root / "parties").glob("*.yaml")}
    copies = {p.stem: _squash(p.read_bytes().decode()) for p in (root / "copies").glob("*.txt")}
    public = set(_yaml(root / "registry.yaml")["extra"]["public_registry_offerings"])
    figures = dict.fromkeys(["offerings", "cells", "graded", "backed", "graded_without_quote",
                             "not_reviewed_public"], 0)
    for path in (root / "offerings").glob("*.yaml"):
        o = _yaml(path)
        figures["offerings"] += 1
        for dim, level in levels.items():
            figures["cells"] += 1
            own = (o.get("cells") or {}).get(dim)
            party = o["platform"] if level == "platform" else o["developer"]
            if own is not None and "grade" in own:
                cell, sources = own, own.get("sources", [])
            else:
                cell = parties[party].get(dim)
                sources = (cell or {}).get("sources", []) + ((own or {}).get("sources", []))
            graded = cell is not None and cell["grade"] != "not_reviewed"
            if not graded:
                figures["not_reviewed_public"] += o["id"] in public
                continue
            figures["graded"] += 1
            figures["graded_without_quote"] += not any(s.get("quote") for s in sources)
            figures["backed"] += any(
                s["primary"] and s.get("quote") and s.get("copy") and s.get("role") != "lead"
                and _squash(s["quote"]) in copies[s["copy"]]
                for s in sources
            )
    return figures


def test_the_coverage_page_shows_the_figures_the_data_files_give(loaded, client: Client):
    page = client.get("/coverage/").content.decode()
    shown = {name: int(value) for name, value in re.findall(r'data-figure="(\w+)">(\d+)', page)}
    expected = recompute()
    assert {k: shown[k] for k in expected} == expected
    percent = round(100 * expected["backed"] / expected["cells"], 1)
    assert f"({percent}% of all cells)" in page


def test_the_coverage_page_lists_each_offering_with_its_unbacked_cells(loaded, client: Client):
    page = client.get("/coverage/").content.decode()
    for o in loaded.offerings:
        assert f'id="cov-{o.id}"' in page
    assert 'href="/coverage/"' in client.get("/methodology/").content.decode()

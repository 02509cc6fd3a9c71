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


def test_the_coverage_page_pages_its_table_and_makes_the_same_queries_whatever_the_registry_size(
    loaded, client: Client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trustreg.domain.fieldtypes import replace
    from trustreg.registry.services import registry_load

    def fetch(**params: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/coverage/", params).content.decode()
        return page, len(ctx.captured_queries)

    _, small = fetch()
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    grown = replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}", sort_order=50 + i) for i in range(120)))
    registry_load(actor="test", bundle=grown)
    first, large = fetch()
    assert large == small
    assert first.count('id="cov-') == 100 and "page 1 of 2" in first
    assert re.search(r'data-figure="offerings">(\d+)', first)[1] == str(len(grown.offerings))
    second, _ = fetch(page="2")
    assert second.count('id="cov-') == len(grown.offerings) - 100


def test_the_coverage_figures_are_read_from_the_counts_kept_on_write(loaded, client: Client):
    from trustreg.registry.models import GradeCount

    GradeCount.objects.all().delete()  # the page counts no cell itself
    page = client.get("/coverage/").content.decode()
    assert 'data-figure="graded">0<' in page and 'data-figure="backed">0 ' in page

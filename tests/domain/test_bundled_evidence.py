"""Every quote bundled with the data is found in the bundled kept copy it names (walked independently)."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import DATA_DIR


def _quotes(node, where):  # noqa: ANN001, ANN202
    if isinstance(node, dict):
        if "url" in node and "quote" in node:
            yield where, node
        for key, value in node.items():
            yield from _quotes(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _quotes(value, f"{where}[{i}]")


def test_every_bundled_quote_names_a_kept_copy_that_holds_it():
    yaml = YAML(typ="safe")
    copies = {p.stem: " ".join(p.read_bytes().decode().split()) for p in (DATA_DIR / "copies").glob("*.txt")}
    # The cells as published now; history keeps past states as they were published.
    files = [*DATA_DIR.glob("parties/*.yaml"), *DATA_DIR.glob("offerings/*.yaml")]
    missing, walked = [], 0
    for path in files:
        for where, source in _quotes(yaml.load(Path(path).read_text(encoding="utf-8")), path.name):
            walked += 1
            copy = copies.get(source.get("copy", ""))
            if copy is None or " ".join(source["quote"].split()) not in copy:
                missing.append(f"{path.relative_to(DATA_DIR)}: {where}: {source['quote'][:60]!r}")
    assert walked > 150 and missing == []

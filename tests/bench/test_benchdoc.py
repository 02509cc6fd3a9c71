"""The benchmarks' shared writing of docs/benchmarks.md (``bench/benchdoc.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchdoc = load("benchdoc")


def test_a_ratio_shown_as_the_aim_meets_it_though_the_unrounded_one_is_above():
    assert benchdoc.shown_at_most(1.1049, 1.1, 2) == ("1.10", True)
    assert benchdoc.shown_at_most(1.105001, 1.1, 2) == ("1.11", False)
    assert benchdoc.shown_at_most(10.04, 10, 1) == ("10.0", True)
    assert benchdoc.shown_at_most(float("inf"), 1.3, 2) == ("inf", False)


@settings(max_examples=50)
@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), st.sampled_from([1.1, 1.3, 2, 10, 30, 60]),
       st.integers(min_value=0, max_value=3))
def test_the_verdict_is_always_the_shown_figures(value, aim, digits):
    shown, ok = benchdoc.shown_at_most(value, aim, digits)
    assert shown == f"{value:.{digits}f}" and ok == (float(shown) <= aim)


def test_rewriting_the_scale_section_keeps_the_findings_written_by_hand_after_it(tmp_path):
    config = load("scale_config")
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\n{config.SECTION}\n\nold table\n\n{config.FINDINGS}\n\nA finding, by hand.\n\n"
                   "## Bulk files\n\nkept\n", encoding="utf-8")
    benchdoc.replace_section(doc, config.SECTION, f"{config.SECTION}\n\nnew table\n")
    assert doc.read_text(encoding="utf-8") == (f"# Benchmarks\n\n{config.SECTION}\n\nnew table\n\n{config.FINDINGS}\n\n"
                                               "A finding, by hand.\n\n## Bulk files\n\nkept\n")

"""The commit benchmark writes its one paragraph into the scale section, and replaces it when run again."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "bench_scale_commit.py"


def load():  # noqa: ANN201
    sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("bench_scale_commit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOC = "# B\n\n## Scale (issue 15)\n\nTable.\n\n### Targets (issue 15)\n\n| t |\n\n## Next\n\nText.\n"


def test_the_paragraph_goes_before_the_targets_and_replaces_itself_when_run_again():
    bench = load()
    once = bench.update(DOC, bench.PARAGRAPH + " first.**")
    assert once.index(bench.PARAGRAPH) < once.index("### Targets") and once.endswith("## Next\n\nText.\n")
    twice = bench.update(once, bench.PARAGRAPH + " second.**")
    assert twice.count(bench.PARAGRAPH) == 1 and "second" in twice and "first" not in twice

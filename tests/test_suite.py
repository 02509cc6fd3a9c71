"""The suite itself: it carries what it reads, never skips for a missing file, never races the clock."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import settings as hypothesis_settings

from tests.conftest import FIXTURES

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(p for p in TESTS.rglob("*.py") if p.name != "test_suite.py")


def lines_matching(pattern: str) -> list[str]:
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(TESTS)}:{number}: {line.strip()}")
    return found


def test_no_test_reads_files_from_outside_the_repository():
    assert lines_matching(r"""parent\s*/\s*["']shared["']|\.\./shared""") == []


def test_the_seed_and_eval_files_the_tests_read_are_in_the_repository():
    seeds = {p.name for p in (FIXTURES / "seeds").iterdir()}
    assert {
        "blog-azure-openai-privacy-2024.md",
        "explainer-azure-openai-regulated-workloads.txt",
        "qa-azure-openai-dpa-pii.txt",
        "registry-entry-azure-openai.txt",
    } <= seeds
    assert (FIXTURES / "eval" / "dev-claims.jsonl").stat().st_size > 0


def test_no_test_skips_unless_it_needs_the_postgresql_run():
    # `make test` runs the suite on SQLite and on PostgreSQL: only PostgreSQL-only tests may skip, and
    # they say so; anything else missing (a file, a module, a browser) is a failure, not a skip.
    skips = lines_matching(r"pytest\.skip\(|importorskip\(|mark\.skipif\(")
    assert [s for s in skips if "PostgreSQL" not in s] == []


def test_property_tests_bound_their_work_by_examples_not_by_a_deadline():
    assert hypothesis_settings.default.deadline is None

"""Markdown: the body kept as written, front matter read into metadata, hostile front matter a clear failure."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from trustreg.textextract import ExtractionError, extract

SEEDS = FIXTURES / "seeds"



# --- markdown ------------------------------------------------------------------------------------


def test_it_reads_front_matter_of_the_seed_blog_into_metadata():
    got = extract((SEEDS / "blog-azure-openai-privacy-2024.md").read_bytes(), name="blog.md")
    assert got.media == "markdown"
    assert got.title == "Azure OpenAI Service Privacy Policies Explained"
    assert got.metadata["author"] == "rafal h"
    assert got.metadata["published"].startswith("2024-02-09")
    assert got.metadata["updated"].startswith("2024-02-09")
    assert not got.text.startswith("---")
    assert "thirty (30) days" in got.text


def test_it_takes_the_first_heading_as_title_without_front_matter():
    got = extract(b"Intro\n\n# Data privacy\n\nText.", name="a.md")
    assert got.title == "Data privacy"


def test_it_reports_malformed_front_matter_as_a_parser_failure():
    with pytest.raises(ExtractionError, match="front matter"):
        extract(b"---\ntitle: [unclosed\n---\nbody", name="a.md")


def test_front_matter_nested_deep_enough_to_crash_the_yaml_parser_is_a_clear_failure():
    # ~30,000 nested "[" in 62 KB of front matter segfaulted the process (exit 139).
    document = b"---\ntitle: " + b"[" * 30_000 + b"\n---\n# Body\n"
    code = ("import sys\nfrom trustreg.textextract import ExtractionError, extract\n"
            "try:\n    extract(sys.stdin.buffer.read(), name='a.md')\n"
            "except ExtractionError as exc:\n    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", code], input=document, capture_output=True, timeout=120)
    assert result.returncode == 0, (result.returncode, result.stderr[-300:])
    assert b"parser failure: front matter: line 1, column" in result.stdout
    assert b"nested deeper than 64 levels" in result.stdout


front_matter_pieces = st.sampled_from(
    ["[", "]", "{", "}", "- ", ": ", "&a ", "*a", "'", '"', "\n", "\n  ", "#", "|", "title: ", "date: ",
     "2026-02-30", "9" * 4400, "? ", "\t", "é", "---"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(front_matter_pieces, max_size=40), st.integers(1, 2_000))
def test_any_front_matter_gives_text_or_a_clear_failure(pieces, repeat):
    block = "".join(pieces)
    block = block * repeat if len(block) * repeat < 60_000 else block
    try:
        got = extract(f"---\n{block}\n---\nBody text.\n".encode(), name="a.md")
    except ExtractionError as exc:
        assert str(exc).startswith("parser failure: front matter")
    else:
        assert got.media == "markdown"

"""The Makefile's settings, read by make itself (a rule added with --eval; nothing else runs)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW = "--eval=show-base-url: ; @echo \"$$TRUSTREG_BASE_URL\""


def base_url(*args: str, env: dict[str, str] | None = None) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "TRUSTREG_BASE_URL"}
    return subprocess.run(["make", "-s", SHOW, "show-base-url", *args], cwd=ROOT, env={**clean, **(env or {})},
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize(("args", "expected"), [
    ((), "http://127.0.0.1:8000"),
    (("PORT=8061",), "http://127.0.0.1:8061"),
    (("HOST=0.0.0.0", "PORT=9000"), "http://0.0.0.0:9000"),
])
def test_make_run_gives_absolute_links_the_address_it_serves(args, expected):
    assert base_url(*args) == expected


def test_a_base_url_set_in_the_environment_wins():
    assert base_url("PORT=8061", env={"TRUSTREG_BASE_URL": "https://registry.example.org"}) == "https://registry.example.org"

"""Parsing hostile documents in a limited child: deep nesting, hangs, crashes and memory bombs."""

from __future__ import annotations

import ctypes
import time

import pytest

from trustreg.textextract import ExtractionError, extract
from trustreg.textextract.sandbox import run_limited

DEEP_DIVS = b"<html><body>" + b"<div>" * 100_000 + b"<p>deep text</p>" + b"</div>" * 100_000 + b"</body></html>"


def crash(data: bytes) -> None:
    ctypes.string_at(0)  # a parser written in C that reads address 0


def hog(data: bytes) -> None:
    bytearray(8 * 1024**3)


def spin(data: bytes) -> None:
    while True:
        pass


def echo(data: bytes, *, suffix: str) -> str:
    return data.decode() + suffix


def test_a_limited_parse_returns_what_the_parser_returns():
    assert run_limited(echo, b"abc", what="test", timeout=30, suffix="!") == "abc!"


@pytest.mark.parametrize(("parser", "reason"), [
    (crash, "parser failure: the test parser stopped"),
    (hog, "parser failure: the parser ran out of its memory limit"),
])
def test_a_crashing_or_memory_hungry_parser_is_a_parser_failure_not_our_crash(parser, reason):
    with pytest.raises(ExtractionError, match=reason):
        run_limited(parser, b"x", what="test", timeout=30)


def nap(data: bytes) -> None:
    time.sleep(600)


def test_a_parser_that_never_ends_is_stopped_by_its_cpu_limit_whatever_the_machine_load():
    # The kernel stops the child after 1 s of CPU: the message says so, however long that took in
    # wall time on a busy machine.
    with pytest.raises(ExtractionError, match=r"^timed out: the test parser used more than its 1 s of CPU$"):
        run_limited(spin, b"x", what="test", timeout=1)


def test_a_parser_that_waits_without_using_cpu_is_stopped_by_the_wall_clock_backstop():
    with pytest.raises(ExtractionError, match=r"^timed out: the test parser took longer than 2 s$"):
        run_limited(nap, b"x", what="test", timeout=0.2)  # 10 times the CPU limit (WALL_CLOCK_MARGIN)


def test_html_nested_100000_deep_is_refused_within_its_time_limit_not_after_a_minute():
    start = time.monotonic()
    try:
        got = extract(DEEP_DIVS, content_type="text/html", html_timeout=2)
    except ExtractionError as exc:
        assert str(exc).startswith(("timed out", "parser failure"))
    else:
        assert "deep text" in got.text
    assert time.monotonic() - start < 20  # a 10x margin over the limit; it took ~50 s unlimited

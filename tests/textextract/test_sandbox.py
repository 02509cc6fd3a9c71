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


def test_a_parser_that_never_ends_is_stopped_at_its_time_limit():
    start = time.monotonic()
    with pytest.raises(ExtractionError, match="timed out: the test parser took longer than 1 s"):
        run_limited(spin, b"x", what="test", timeout=1)
    assert time.monotonic() - start < 10  # a 10x margin over the limit


def test_html_nested_100000_deep_is_refused_within_its_time_limit_not_after_a_minute():
    start = time.monotonic()
    try:
        got = extract(DEEP_DIVS, content_type="text/html", html_timeout=2)
    except ExtractionError as exc:
        assert str(exc).startswith(("timed out", "parser failure"))
    else:
        assert "deep text" in got.text
    assert time.monotonic() - start < 20  # a 10x margin over the limit; it took ~50 s unlimited

"""The pre-scan that keeps deep nesting and aliases away from the YAML and JSON parsers."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from tests.conftest import DATA_DIR
from trustreg.domain.nesting import (
    MAX_DEPTH,
    Refusal,
    _crowded_line,
    check_json,
    check_yaml,
    scan_yaml,
    within_bound,
)

tricky = st.text(st.sampled_from(list("ab [ ]{}#:-'\"&*!|>\n\t,?")), max_size=12)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | tricky,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky.filter(bool), inner, max_size=3),
    max_leaves=30,
)
# Pieces of YAML syntax, so that random text exercises indicators, quotes, comments and scalars.
pieces = st.sampled_from(
    list("[]{},-:?\"'# \n|>&*!ab\\\r\t") + ["- ", ": ", "  ", "\n  ", "\n- ", "k: ", "---\n", "'x'", '"y"']
)


def yaml_depth(text: str) -> int:
    """How deep the YAML really nests, by the pure-Python parser's events (it cannot crash)."""
    depth = deepest = 0
    for event in YAML(typ="safe", pure=True).parse(text):
        name = type(event).__name__
        if name in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            deepest = max(deepest, depth)
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
    return deepest


def json_depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((json_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((json_depth(v) for v in value), default=0)
    return 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, st.sampled_from([True, False, None]), st.integers(1, 8))
def test_yaml_in_any_style_passes_exactly_when_it_is_within_the_limit_give_or_take_one(value, flow, limit):
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump(value, out)
    text = out.getvalue()
    try:
        depth = yaml_depth(text)
    except YAMLError:  # the dumper writes a few keys it cannot read back
        assume(False)
    try:
        check_yaml(text, limit=limit, aliases=True)
    except Refusal:
        assert depth > limit - 2, text
    else:
        assert depth <= limit, text


# A key whose line ends in a comment takes the block below as its value (found by hypothesis).
@example(": #\n- - -")
@example("a: # note\n- - - x")
@settings(max_examples=1500, deadline=None)
@given(st.lists(pieces, max_size=60).map("".join))
def test_no_yaml_text_nested_deeper_than_the_limit_gets_past_the_scan(text):
    try:
        check_yaml(text, limit=3, aliases=True)
    except Refusal:
        return
    try:
        depth = yaml_depth(text)
    except (YAMLError, RecursionError, ValueError):
        return  # not YAML: the parser refuses it by itself
    assert depth <= 3, repr(text)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(1, 8))
def test_json_passes_exactly_when_it_is_within_the_limit(value, limit):
    text = json.dumps(value)
    try:
        check_json(text, limit=limit)
    except Refusal:
        assert json_depth(value) > limit
    else:
        assert json_depth(value) <= limit


def test_every_bundled_data_file_is_well_within_the_limit():
    for path in DATA_DIR.rglob("*.yaml"):
        check_yaml(path.read_text(encoding="utf-8"), limit=MAX_DEPTH // 4)


HOSTILE = {
    "flow brackets": "extra:\n  deep: " + "[" * 30_000 + "]" * 30_000 + "\n",
    "compact dashes": "- " * 30_000 + "x\n",
    "flow mappings": "a: " + "{a: " * 30_000 + "}" * 30_000 + "\n",
    "indented blocks": "".join(" " * i + "-\n" for i in range(3_000)),
    "after a document marker": "--- " + "[" * 30_000,
    "after a closed flow key": "[a]: " + "[" * 30_000,
    "after a quote in plain text": "a: [x 'y, " + "[" * 30_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_nesting_is_refused_with_where_and_why(text):
    with pytest.raises(Refusal, match=rf"line \d+, column \d+: nested deeper than {MAX_DEPTH} levels"):
        check_yaml(text)


def test_deep_json_is_refused_even_with_brackets_inside_strings_around_it():
    with pytest.raises(Refusal, match="nested deeper"):
        check_json('{"a": "]]]]", "b": ' + "[" * 30_000 + "]" * 30_000 + "}")
    check_json('{"a": "' + "[" * 1000 + '"}')


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n", "a: [*x]\n", "a: {b: *x}\n", "- &x a\n- *x\n", "a: !!str &x b\n", "*x : 1\n",
])
def test_anchors_and_aliases_are_refused(text):
    with pytest.raises(Refusal, match="anchors and aliases"):
        check_yaml(text)


def test_brackets_quotes_and_ampersands_in_prose_are_just_text():
    check_yaml("notes: R&D said *this* [see [1] and 'that'\nmore: |\n  " + "[" * 500 + "\n  *x &y\n")



# The bound that spares a data file the scan: whatever it lets through, the scan lets through too.
@example("a:\n  b:\n    - - c", 4, True)
@example("- a\n- &x b", 64, False)
@example("---&x a", 64, False)
@example("a: !t&x b", 64, False)
@settings(max_examples=1500, deadline=None)
@given(st.lists(pieces | st.sampled_from(["    ", "\n    ", "Q&A", "x*y", "!"]), max_size=60).map("".join),
       st.integers(1, 24), st.booleans())
def test_no_text_within_the_quick_bound_is_one_the_scan_refuses(text, limit, aliases):
    if within_bound(text, limit=limit, aliases=aliases):
        scan_yaml(text, limit=limit, aliases=aliases)


@example("a-b\n", 1)
@example("\n-:?", 2)
@settings(max_examples=1000, deadline=None)
@given(st.text(st.sampled_from(list("-?:a \n\r")), max_size=80), st.integers(0, 12))
def test_a_crowded_line_is_found_exactly_when_a_line_holds_more_indicators_than_allowed(text, most):
    per_line = max(line.count("-") + line.count("?") + line.count(":") for line in text.split("\n"))
    assert (_crowded_line(most).search(text) is not None) == (per_line > most)


def test_a_data_file_with_prose_is_settled_by_the_bound_and_a_deep_or_aliased_one_by_the_scan():
    prose = "notes: >-\n  Community Q&A answer: see the R&D notes - twice.\n"
    assert within_bound("cells:\n  a:\n    " + prose, limit=MAX_DEPTH, aliases=False)
    assert not within_bound("a: &x 1\nb: *x\n", limit=MAX_DEPTH, aliases=False)
    assert not within_bound("- " * 40 + "x\n", limit=MAX_DEPTH, aliases=False)
    assert not within_bound(" " * 20 + "a: b\n", limit=MAX_DEPTH, aliases=False)
    assert not within_bound("a: b\r c: d\n", limit=MAX_DEPTH, aliases=False)

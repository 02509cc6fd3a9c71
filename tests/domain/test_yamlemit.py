"""The fast YAML writer gives ruamel's bytes exactly, and handles every shape the data files use."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trustreg.domain import copies as kept
from trustreg.domain import yamlemit, yamlio
from trustreg.domain.bundle import read_dir
from trustreg.domain.bundle.writer import catalogue_data, offering_data, party_data

DATA = Path(__file__).resolve().parents[2] / "data" / "registry"

# Words and separators that exercise every rule: indicators, quotes, YAML-looking values, wide
# words, control and non-ASCII characters, runs of spaces, line breaks.
WORDS = [
    "data", "retention", "zero-day", "a:b", "key:", "- item", "#tag", "x #y", "it's", '"quoted"', "true",
    "no", "null", "~", "2026-02-03", "12", "0x1f", "1.5e3", "---", "...", "?", ":", "-", "&anchor", "*ref",
    "!tag", "%pct", "@at", "`tick`", "[list]", "{map}", "a,b", "|pipe", ">gt", "é", "日本", "\U0001f600",
    "\t", "\x07", "\x85", "\u2028", "\ufeff", "\xa0", "https://example.com/a/very/long/path/" + "x" * 70,
    "y" * 101,
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", " \n", "\n "]


@st.composite
def prose(draw, max_words=40):
    words = draw(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=max_words))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + word
    return text


texts = prose() | st.text(max_size=120)
keys = st.sampled_from(["grade", "notes", "sources", "url", "quote", "facts"]) | prose(max_words=3) | st.text(max_size=8)
scalars = st.one_of(
    texts, st.booleans(), st.integers(), st.floats(allow_nan=False), st.dates(), st.none(),
    st.integers(min_value=10**80, max_value=10**120),
)
data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, data, min_size=1, max_size=6))
def test_any_data_is_written_byte_for_byte_as_ruamel_writes_it(value):
    assert yamlio.dump(value) == yamlio.dump_with_ruamel(value)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(min_value=0, max_value=5))
def test_any_text_at_any_depth_is_written_as_ruamel_writes_it(text, depth):
    as_value: dict[str, object] = {"notes": text, "sources": [text, {"quote": text, "title": text}]}
    as_key: dict[str, object] = {text: 1}
    for _ in range(depth):
        as_value, as_key = {"cells": as_value}, {"cells": as_key}
    assert yamlio.dump(as_value) == yamlio.dump_with_ruamel(as_value)
    assert yamlio.dump(as_key) == yamlio.dump_with_ruamel(as_key)


def _emit(value):
    return yamlemit.emit(yamlio._prepare(value), is_plain_str=yamlio._plain_is_str, float_text=yamlio._float_text)


def test_nearly_every_bundled_data_file_is_written_by_the_fast_writer_as_ruamel_writes_it():
    bundle = read_dir(DATA)
    docs = ([catalogue_data(bundle.catalogue)] + [party_data(p, bundle.catalogue) for p in bundle.parties]
            + [offering_data(o, bundle.catalogue) for o in bundle.offerings])
    docs += [kept.copy_data(c) for c in bundle.copies]
    fast = 0
    for doc in docs:
        try:
            assert _emit(doc) == yamlio.dump_with_ruamel(doc)
            fast += 1
        except yamlemit.Unsupported:  # a quote whose text needs double quotes, say
            assert yamlio.dump(doc) == yamlio.dump_with_ruamel(doc)
    assert fast >= 0.95 * len(docs)  # the shapes an export writes by the thousand need no fallback


@pytest.mark.parametrize("value", [
    {}, {"a": {}}, {"a": []}, {"a": None}, {"a": [[1]]}, {"a": ""}, {1: "x"}, {"k" * 130: 1},
    {"a": "line\nbreak\t"}, {"a": "it's \nsaid"}, {"a\nb": 1},
])
def test_shapes_the_fast_writer_leaves_to_ruamel_still_come_out_as_ruamel_writes_them(value):
    with pytest.raises(yamlemit.Unsupported):
        _emit(value)
    assert yamlio.dump(value) == yamlio.dump_with_ruamel(value)


def test_dates_and_yaml_looking_strings_stay_strings_when_read_back():
    value = {"verified": dt.date(2026, 2, 3), "a": "true", "b": "12", "c": "null", "d": "no"}
    text = _emit(value)
    assert "verified: '2026-02-03'" in text
    assert yamlio.load(text) == {"verified": "2026-02-03", "a": "true", "b": "12", "c": "null", "d": "no"}

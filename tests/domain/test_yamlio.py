import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA_DIR
from trustreg.domain import yamlio

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=400)
plain = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), any_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_text_survives_a_dump_and_a_load(text):
    assert yamlio.load(yamlio.dump({"notes": text})) == {"notes": text}


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(any_text, plain, max_size=5))
def test_any_plain_data_survives_a_dump_and_a_load(data):
    assert yamlio.load(yamlio.dump(data)) == data


def test_long_prose_is_written_as_a_folded_block_that_diffs_well():
    text = "word " * 60 + "end"
    dumped = yamlio.dump({"notes": text})
    assert dumped.startswith("notes: >-\n")
    assert all(len(line) <= 100 for line in dumped.splitlines())


def test_malformed_yaml_names_line_and_column():
    try:
        yamlio.load("a: 1\nb: [\n")
    except yamlio.YamlProblem as exc:
        assert "line " in str(exc) and "malformed YAML" in str(exc)
    else:
        raise AssertionError("malformed YAML was accepted")


def test_duplicate_keys_are_refused():
    try:
        yamlio.load("a: 1\na: 2\n")
    except yamlio.YamlProblem as exc:
        assert "duplicate" in str(exc).lower()
    else:
        raise AssertionError("duplicate keys were accepted")


def test_an_impossible_date_loads_as_an_unreadable_value_saying_why():
    loaded = yamlio.load("a: 2026-02-30\nb: 2026-13-45\nc: 2026-02-28")
    assert isinstance(loaded["a"], yamlio.Unreadable) and "day is out of range" in repr(loaded["a"])
    assert isinstance(loaded["b"], yamlio.Unreadable) and "month must be in 1..12" in repr(loaded["b"])
    assert str(loaded["c"]) == "2026-02-28"


def test_an_integer_too_long_to_write_back_loads_as_an_unreadable_value():
    for digits in ("9" * 4301, "0x" + "f" * 5000, "0o" + "7" * 5000):
        value = yamlio.load(f"n: {digits}")["n"]
        assert isinstance(value, yamlio.Unreadable) and "digits is too long" in repr(value)
    assert yamlio.load("n: 0x1f")["n"] == 31


def test_a_billion_laughs_is_refused_before_it_can_expand():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(yamlio.YamlProblem, match="line 1, column 4: anchors and aliases"):
        yamlio.load(bomb)


def test_front_matter_may_use_aliases_but_not_deep_nesting():
    assert yamlio.load("a: &x 1\nb: *x", aliases=True) == {"a": 1, "b": 1}
    with pytest.raises(yamlio.YamlProblem, match="nested deeper"):
        yamlio.load("a: " + "[" * 100, aliases=True)


def _folds_by_definition(text: str) -> list[int]:
    """Each fold: the first space between two non-spaces more than FOLD_AT - 10 characters after
    the one before (the start of the text counting as the first)."""
    out, last = [], 0
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1 and text[i - 1] != " " and text[i + 1] != " " \
                and i - last > yamlio.FOLD_AT - 10:
            out.append(i)
            last = i
    return out


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("ab é\t"), max_size=400) | st.lists(
    st.sampled_from(["word", "a", "", "longerword", "x."]), max_size=120).map(" ".join))
def test_prose_folds_at_the_first_single_space_past_each_line_width(text):
    assert yamlio._folded(text).fold_pos == _folds_by_definition(text)


def _typed(value):
    """A loaded value with every type spelt out (True is not 1, a dict's order counts)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, yamlio.Unreadable):
        return ("unreadable", repr(value))
    return (type(value).__name__, repr(value))


def _outcome(load, text):
    try:
        return _typed(load(text))
    except yamlio.YamlProblem as exc:
        return ("problem", str(exc))
    except Exception as exc:  # noqa: BLE001 (ruamel's own slips, e.g. an empty "!!int", must be the same too)
        return ("raised", type(exc).__name__)


# Pieces of YAML that take the constructor off its direct path: explicit tags, merge and "=" keys,
# duplicate and non-text keys, numbers, dates, booleans, nulls, quoting and block scalars.
yaml_pieces = st.sampled_from([
    "a: ", "b: ", "- ", "? ", ": ", "\n", "\n  ", "\n- ", "<<: ", "=: ", "!!str ", "!!int ", "!!binary ", "!!set ",
    "!!omap ", "!!float ", "!x ", "1", "0x1f", "1.5", "2026-02-30", "2026-07-05", "no", "yes", "true", "null", "~",
    "{", "}", "[", "]", ", ", "'q'", '"d"', "|\n  x", ">-\n  y", "#c", "text", "a: 1\na: 2", "{a: 1, a: 2}",
    "-5", "+1", "0o17", "1_0", "1e3", ".inf", "True", "NULL", "Null", "on", "off", "y", "~x", "! x", "!!null ",
    "!!bool ", "!!timestamp ", "'no'", "\"1\"",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(yaml_pieces, max_size=30).map("".join))
def test_any_yaml_loads_to_the_same_values_or_problem_as_with_ruamels_own_constructor(text):
    assert _outcome(yamlio.load, text) == _outcome(yamlio.load_with_ruamel, text)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(any_text, plain, max_size=5))
def test_any_dumped_data_loads_to_the_same_values_as_with_ruamels_own_constructor(data):
    text = yamlio.dump(data)
    assert _typed(yamlio.load(text)) == _typed(yamlio.load_with_ruamel(text))


def test_every_bundled_data_file_loads_as_with_ruamels_own_constructor():
    for path in DATA_DIR.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert _outcome(yamlio.load, text) == _outcome(yamlio.load_with_ruamel, text), path


@pytest.mark.parametrize("text", ["x: !!int", "x: !!float", "x: !!bool", "- !!int\n- 1", "x: !!int\ny: 2"])
def test_an_explicit_tag_with_no_value_is_a_problem_of_the_file_not_a_crash(text):
    with pytest.raises(yamlio.YamlProblem, match="malformed YAML: a tagged value could not be built"):
        yamlio.load(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(yaml_pieces, max_size=30).map("".join))
def test_any_yaml_loads_or_raises_only_a_yaml_problem(text):
    with contextlib.suppress(yamlio.YamlProblem):
        yamlio.load(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(yaml_pieces, max_size=30).map("".join), st.sampled_from(["%YAML 1.1\n---\n", "%YAML 1.2\n---\n", ""]))
def test_yaml_of_either_version_loads_as_with_ruamels_own_constructor_after_the_other(text, directive):
    """The tags remembered for plain scalars are kept by YAML version ("yes" is a boolean in 1.1)."""
    for first in (directive, "%YAML 1.1\n---\n", ""):
        assert _outcome(yamlio.load, first + text) == _outcome(yamlio.load_with_ruamel, first + text)


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_pieces, max_size=30).map("".join))
def test_yaml_read_a_second_time_with_its_strings_remembered_loads_as_with_ruamels_own_constructor(text):
    for _ in range(2):  # the first read remembers which plain scalars are strings; the second uses that
        assert _outcome(yamlio.load, text) == _outcome(yamlio.load_with_ruamel, text)

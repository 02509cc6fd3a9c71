import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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

"""Facts typed into a text box, read as their catalogue type, and written back as the box shows them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.catalogue import FactType
from trustreg.domain.factinput import fact_text, parse_fact


@pytest.mark.parametrize(("text", "value"), [("true", True), (" Yes ", True), ("FALSE", False), ("no", False)])
def test_a_boolean_is_true_yes_false_or_no_in_any_case(text, value):
    assert parse_fact(text, FactType.BOOLEAN) is value


@pytest.mark.parametrize("text", ["", "1", "y", "on", "maybe"])
def test_anything_else_typed_for_a_boolean_is_refused(text):
    with pytest.raises(ValueError, match="expected true or false"):
        parse_fact(text, FactType.BOOLEAN)


def test_numbers_stay_whole_unless_written_with_a_decimal_point():
    assert parse_fact(" 30 ", FactType.INTEGER) == 30
    assert parse_fact("30", FactType.NUMBER) == 30 and isinstance(parse_fact("30", FactType.NUMBER), int)
    assert isinstance(parse_fact("30.0", FactType.NUMBER), float)
    assert parse_fact("1e3", FactType.NUMBER) == 1000 and isinstance(parse_fact("1e3", FactType.NUMBER), int)
    assert parse_fact("0.5", FactType.NUMBER) == 0.5


@pytest.mark.parametrize(("text", "fact_type"), [("30.5", FactType.INTEGER), ("thirty", FactType.NUMBER),
                                                 ("9" * 5000, FactType.INTEGER), ("", FactType.INTEGER)])
def test_text_that_is_not_a_number_of_the_type_is_a_value_error(text, fact_type):
    with pytest.raises(ValueError):
        parse_fact(text, fact_type)


def test_a_list_is_one_item_per_line_or_comma_with_blanks_dropped():
    assert parse_fact(" eu, us\n\n  uk ,\n", FactType.STRING_LIST) == ["eu", "us", "uk"]
    assert parse_fact("   ", FactType.STRING_LIST) == []


@pytest.mark.parametrize("fact_type", [FactType.STRING, FactType.DATE, FactType.URL])
def test_text_types_are_kept_as_typed_without_the_surrounding_blanks(fact_type):
    assert parse_fact("  <script>alert(1)</script> \n", fact_type) == "<script>alert(1)</script>"


def test_fact_text_shows_booleans_lists_and_nothing_as_the_box_expects():
    assert (fact_text(True), fact_text(False)) == ("true", "false")
    assert fact_text(["eu", "us"]) == "eu\nus"
    assert fact_text(None) == ""
    assert fact_text(30) == "30"


item = st.text(alphabet=st.characters(blacklist_characters=",\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
               min_size=1, max_size=20).map(str.strip).filter(bool)


@given(st.one_of(
    st.tuples(st.just(FactType.BOOLEAN), st.booleans()),
    st.tuples(st.just(FactType.INTEGER), st.integers(-(10**12), 10**12)),
    st.tuples(st.just(FactType.NUMBER), st.floats(allow_nan=False, allow_infinity=False)),
    st.tuples(st.just(FactType.NUMBER), st.integers(-(10**12), 10**12)),
    st.tuples(st.just(FactType.STRING_LIST), st.lists(item, max_size=6)),
    st.tuples(st.just(FactType.STRING), st.text(max_size=40).map(str.strip)),
))
def test_a_fact_written_to_the_box_reads_back_as_the_same_fact(typed):
    fact_type, value = typed
    back = parse_fact(fact_text(value), fact_type)
    if isinstance(value, float):
        assert back == value  # 1e+20 may come back whole: the same number
    else:
        assert back == value and type(back) is type(value)

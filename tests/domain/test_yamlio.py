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

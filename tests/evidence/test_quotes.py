from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.quotes import MIN_QUOTE_CHARS, normalise, quote_finder, quote_found, quote_problem

words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P"]), min_size=1, max_size=12)
spaces = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", " \n "])


@given(st.lists(words, min_size=2, max_size=8), st.data())
def test_a_quote_is_found_whatever_whitespace_the_page_puts_between_its_words(ws, data):
    quote = " ".join(ws)
    page_text = data.draw(spaces).join(ws)
    assert quote_found(quote, f"before. {page_text} after.")


@given(st.text(max_size=200))
def test_normalising_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(min_size=1, max_size=80), st.text(max_size=80), st.text(max_size=80))
def test_any_quote_is_found_inside_a_text_that_contains_it_verbatim(quote, before, after):
    if normalise(quote):
        assert quote_found(quote, f"{before} {quote} {after}")


def test_typographic_quotes_dashes_and_ligatures_match_their_plain_forms():
    page = "Customer data isn\u2019t used \u2014 see the \ufb01ne print: \u201cno training\u201d."
    assert quote_found('Customer data isn\'t used - see the fine print: "no training"', page)


def test_soft_hyphens_and_zero_width_characters_are_ignored():
    assert quote_found("zero data retention", "zero da\u00adta re\u200btention")


def test_case_is_kept_so_a_quote_must_be_printed_in_that_form():
    assert not quote_found("are not available to OpenAI", "are NOT available to OpenAI")


def test_a_quote_that_is_not_in_the_text_is_refused_with_a_reason():
    assert "not found" in quote_problem("retained for 30 days", "retained for 90 days")


def test_a_quote_too_short_to_identify_a_passage_is_refused():
    assert "too short" in quote_problem("yes", "yes we do")
    assert quote_problem("x" * MIN_QUOTE_CHARS, "x" * MIN_QUOTE_CHARS) is None


@given(st.lists(st.text(max_size=30), min_size=1, max_size=6), st.text(max_size=200))
def test_one_finder_checks_many_quotes_against_the_normalised_text(quotes, text):
    found = quote_finder(text)
    expected = [bool(normalise(q)) and normalise(q) in normalise(text) for q in quotes]
    assert [found(q) for q in quotes] == expected

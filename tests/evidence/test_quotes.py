from hypothesis import given
from hypothesis import strategies as st

from trustreg.evidence.quotes import normalise, quote_present

PAGE = "Azure OpenAI may store prompts\u00a0and completions for up to 30 da\u00adys to detect abuse."


def test_a_quote_on_the_page_is_found_despite_typography():
    assert quote_present("store prompts and completions for up to 30 days", PAGE)
    assert quote_present("\u201cfor up to 30 days\u201d", "Data is kept \u201cfor up to 30 days\u201d.")
    assert quote_present('"for up to 30 days"', "Data is kept \u201cfor up to 30 days\u201d.")
    assert quote_present("ISO\u2011IEC 27001", "certified to ISO-IEC 27001")


def test_a_removed_or_reworded_quote_is_not_found():
    assert not quote_present("for up to 30 days", "We do not store prompts.")
    assert not quote_present("for up to 31 days", PAGE)
    assert not quote_present("FOR UP TO 30 DAYS", PAGE)


def test_an_empty_quote_or_missing_text_proves_nothing():
    assert not quote_present("", PAGE)
    assert not quote_present("   ", PAGE)
    assert not quote_present("anything", None)


def test_an_ellipsis_matches_omitted_words_in_order():
    assert quote_present("may store prompts ... to detect abuse", PAGE)
    assert quote_present("may store prompts\u2026 30 days", PAGE)
    assert not quote_present("to detect abuse ... may store prompts", PAGE)


words = st.lists(st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=8), min_size=1)
spaces = st.sampled_from([" ", "\n", "\t", "  \n ", "\u00a0", "\u2003"])


@given(words, spaces, st.data())
def test_any_run_of_words_is_found_however_the_page_is_wrapped(page_words, space, data):
    i = data.draw(st.integers(0, len(page_words) - 1))
    j = data.draw(st.integers(i + 1, len(page_words)))
    page = space.join(page_words)
    quote = " ".join(page_words[i:j])
    if normalise(quote) and "..." not in quote and "\u2026" not in quote:
        assert quote_present(quote, page)


@given(st.text(max_size=200))
def test_normalising_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)

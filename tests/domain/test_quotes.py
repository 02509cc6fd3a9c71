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


# -- properties of the rule as the module states it ---------------------------------------------

# Characters whose normalisation does not depend on their neighbours (so any slice of a text made
# of them normalises to a piece of the text's normalised form): ASCII, whitespace, and the
# typographic, invisible, ligature and full-width forms the module maps one by one.
page_chars = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)]
    + ["\n", "\t", "\r", "\u00a0", "\u2019", "\u201c", "\u201d", "\u2014", "\u00ad", "\u200b", "\ufb01", "\uff21"]
)
lower_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)


@given(st.text(alphabet=page_chars, max_size=300), st.data())
def test_any_verbatim_slice_of_the_text_is_found(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    assert quote_found(quote, text) is bool(normalise(quote))


@given(st.lists(lower_words, min_size=3, max_size=12), st.data())
def test_a_run_of_words_is_found_with_single_spaces_whatever_the_page_puts_between_them(ws, data):
    gaps = data.draw(st.lists(spaces, min_size=len(ws) - 1, max_size=len(ws) - 1))
    page = ws[0] + "".join(gap + w for gap, w in zip(gaps, ws[1:], strict=True))
    start = data.draw(st.integers(0, len(ws) - 1))
    end = data.draw(st.integers(start + 1, len(ws)))
    assert quote_found(" ".join(ws[start:end]), page)
    assert quote_found("\n  " + "\t".join(ws[start:end]) + " \n", page)


@given(st.lists(lower_words, min_size=3, max_size=12), st.data())
def test_a_run_of_words_with_one_word_changed_is_not_found(ws, data):
    page = " ".join(ws)
    start = data.draw(st.integers(0, len(ws) - 1))
    end = data.draw(st.integers(start + 1, len(ws)))
    quote = ws[start:end]
    changed = data.draw(st.integers(0, len(quote) - 1))
    quote[changed] = data.draw(st.sampled_from(["0", "30", "not"])) + quote[changed]
    if "not" not in page:
        assert not quote_found(" ".join(quote), page)


@given(st.lists(lower_words, min_size=2, max_size=8), st.data())
def test_a_word_in_another_case_is_not_found(ws, data):
    page = " ".join(ws)
    changed = data.draw(st.integers(0, len(ws) - 1))
    quote = list(ws)
    quote[changed] = quote[changed].upper()
    assert not quote_found(" ".join(quote), page)


def test_full_width_letters_and_no_break_spaces_match_their_plain_forms():
    assert quote_found("Data stays in the EU region", "Data\u00a0stays in the \uff25\uff35 region")


def test_a_quote_of_only_whitespace_or_invisible_characters_is_never_found():
    text = "anything at all \u200b\u00ad"
    assert not quote_found("   \n\t", text)
    assert not quote_found("\u200b\u00ad\ufeff", text)
    assert not quote_finder(text)("")


def test_invisible_characters_in_the_quote_are_dropped_too():
    assert quote_found("zero\u200b data\u00ad retention", "We offer zero data retention.")


def test_a_quote_of_eight_characters_after_normalising_is_long_enough_and_seven_is_not():
    text = "abcdefgh ijk"
    assert quote_problem("abcdefg", text) is not None and "too short" in quote_problem("abcdefg", text)
    assert quote_problem("abcdefgh", text) is None
    # Whitespace does not count towards the length: "ab    cd  e" is seven characters.
    assert "too short" in quote_problem("ab    cd  e", "ab cd e and more")


@given(st.text(alphabet=page_chars, max_size=40), st.text(alphabet=page_chars, max_size=200))
def test_a_quote_is_publishable_exactly_when_it_is_found_and_long_enough(quote, text):
    publishable = quote_problem(quote, text) is None
    assert publishable is (quote_found(quote, text) and len(normalise(quote)) >= MIN_QUOTE_CHARS)

from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.worddiff import MAX_WORDS, WordDiff, _opcodes, word_diff


def test_a_changed_figure_reads_as_a_word_diff():
    diff = word_diff("We keep prompts for 30 days.", "We keep prompts for 0 days.")
    assert diff.changed
    assert (diff.words_removed, diff.words_added) == (1, 1)
    assert "[-30-] {+0+}" in diff.as_text()


def test_rewrapped_text_is_not_a_change():
    assert not word_diff("one two\nthree", "one  two three").changed


def test_long_unchanged_stretches_are_elided_to_context():
    before = " ".join(f"w{i}" for i in range(200)) + " old"
    after = " ".join(f"w{i}" for i in range(200)) + " new"
    text = word_diff(before, after).as_text()
    assert "…" in text
    assert "w5 " not in text
    assert "[-old-] {+new+}" in text


def test_a_diff_round_trips_through_json():
    diff = word_diff("a b c", "a x c")
    assert WordDiff.from_json(diff.to_json()) == diff


def test_identical_huge_inputs_are_cheap_and_unchanged():
    big = " ".join(["word"] * 100_000)
    assert not word_diff(big, big).changed


def test_a_hostile_repetitive_rewrite_is_still_diffed_and_counted():
    before = " ".join(["a"] * 20_000)
    after = " ".join(["b", "a"] * 20_000)
    diff = word_diff(before, after)
    assert diff.changed
    assert 20_000 - diff.words_removed == 40_000 - diff.words_added


def test_inputs_past_the_cap_are_cut_and_say_so():
    big = " ".join(["w"] * (MAX_WORDS + 1))
    assert word_diff(big, big + " x").truncated


@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), max_size=120), st.data())
def test_a_diff_rebuilds_both_sides(a, data):
    b = data.draw(st.lists(st.sampled_from(["a", "b", "x", "y", "e"]), max_size=120))
    ops = _opcodes(a, b)
    rebuilt_a, rebuilt_b = [], []
    for tag, i1, i2, j1, j2 in ops:
        rebuilt_a += a[i1:i2]
        rebuilt_b += b[j1:j2]
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
    assert (rebuilt_a, rebuilt_b) == (a, b)


tokens = st.lists(st.sampled_from(["a", "b", "c", "the", "30", "days"]), max_size=60)


@given(tokens, tokens)
def test_a_diff_counts_only_real_changes(a, b):
    diff = word_diff(" ".join(a), " ".join(b))
    assert diff.changed == (a != b)
    assert diff.words_removed <= len(a)
    assert diff.words_added <= len(b)
    assert len(a) - diff.words_removed == len(b) - diff.words_added


def test_whole_runs_keep_every_unchanged_word_and_a_rewrap_shows_as_equal_text():
    before = " ".join(f"w{i}" for i in range(50)) + " old"
    diff = word_diff(before, before.replace(" old", " new"), context=None)
    assert diff.chunks[0] == ("equal", " ".join(f"w{i}" for i in range(50)))
    assert diff.chunks[1:] == (("delete", "old"), ("insert", "new"))
    assert word_diff("one two\nthree", "one  two three", context=None).chunks == (("equal", "one two three"),)


def test_a_smaller_word_cap_cuts_both_sides_and_says_so():
    diff = word_diff("a " * 50, "b " * 50, max_words=10)
    assert diff.truncated
    assert (diff.words_removed, diff.words_added) == (10, 10)

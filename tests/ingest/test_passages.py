from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.passages import split_passages, urls_of


@given(st.text(max_size=2000))
def test_passage_offsets_always_slice_the_document_exactly(text):
    for passage in split_passages(text, max_chars=200):
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
        assert passage.text


@given(
    st.lists(
        st.sampled_from(
            [
                "Retention is 30 days.",
                "- item",
                "<div>quoted</div>",
                "",
                "# Heading",
                "> quoted line",
                "A long line without an end " * 4,
            ]
        ),
        max_size=30,
    )
)
def test_passages_are_in_document_order_and_do_not_overlap(lines):
    text = "\n".join(lines)
    passages = split_passages(text)
    for earlier, later in zip(passages, passages[1:], strict=False):
        assert earlier.end <= later.start


def test_surrounding_markup_is_trimmed_but_offsets_still_hold():
    text = "<blockquote>\n    <div>Prompts are stored for 30 days.</div>\n</blockquote>"
    (passage,) = split_passages(text)
    assert passage.text == "Prompts are stored for 30 days."
    assert text[passage.start : passage.end] == passage.text


def test_a_quoted_passage_carries_the_link_of_its_quotation_as_a_lead():
    text = (
        "Intro line that says nothing.\n\n<blockquote>\n    <div>Data is kept for thirty (30) days.</div>\n"
        "    <footer>[Vendor privacy](https://vendor.example/privacy)</footer>\n</blockquote>\n\nAfter."
    )
    passages = split_passages(text)
    quoted = next(p for p in passages if "thirty" in p.text)
    assert quoted.leads == ("https://vendor.example/privacy",)
    assert all(not p.leads for p in passages if p is not quoted)
    assert not any(p.text.startswith("[Vendor privacy]") for p in passages)


def test_markdown_quote_lines_carry_their_links():
    text = "> We do not train on your data.\n> Source: https://vendor.example/a\n\nMy own view."
    passages = split_passages(text)
    assert "https://vendor.example/a" in passages[0].leads
    assert passages[-1].leads == ()


def test_hard_wrapped_prose_is_joined_into_one_passage():
    text = "This long paragraph of a blog post is wrapped by the author at about eighty\ncharacters per line."
    (passage,) = split_passages(text)
    assert passage.text.endswith("per line.")


def test_list_items_and_short_headings_stay_separate():
    text = "Data Protection Commitments\n- Data is encrypted\n- Data is not shared with OpenAI"
    assert len(split_passages(text)) == 3


def test_a_very_long_line_is_cut_at_sentence_ends():
    text = " ".join(f"Sentence number {i} says something." for i in range(200))
    passages = split_passages(text, max_chars=300)
    assert len(passages) > 1
    assert all(len(p.text) <= 300 for p in passages)
    assert all(p.text.endswith(".") for p in passages[:-1])


def test_urls_of_finds_markdown_links_hrefs_and_bare_urls_once():
    text = '[a](https://x.example/1) <a href="https://x.example/2">b</a> https://x.example/3. [c](https://x.example/1)'
    assert urls_of(text) == ["https://x.example/1", "https://x.example/2", "https://x.example/3"]

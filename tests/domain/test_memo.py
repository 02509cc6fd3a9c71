"""The memo's Markdown: source text always prints as written, never as markup."""

from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from trustreg.domain.memo import md

RENDER = MarkdownIt("commonmark", {"html": False})


def _rendered_text(markdown: str) -> str:
    html = RENDER.render(markdown).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    assert html.count("<") == 2, html  # one paragraph, nothing inside it
    return unescape(html[3:-4])


def test_markup_in_source_text_is_printed_not_obeyed():
    text = "# Title *bold* _em_ [link](javascript:alert(1)) ![img](http://x/) <script>x</script> `code` | a"
    assert _rendered_text(md(text)) == text


def test_block_markers_at_the_start_are_plain_text():
    for text in ("- item", "+ item", "12. item", "3) item", "> quote", "=== x", "# h"):
        assert _rendered_text(md(text)) == text


def test_words_with_underscores_stay_readable_in_the_file():
    assert md("tier: self_serve") == "tier: self_serve"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_any_text_renders_back_to_itself_with_whitespace_folded(text):
    folded = " ".join(text.split())
    if not folded:
        return
    assert _rendered_text(md(text)) == folded


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab1 _*[]()<>#-+=.)!&;`|~\\:/\n\t", min_size=1, max_size=40))
def test_text_made_of_markup_characters_renders_back_to_itself(text):
    folded = " ".join(text.split())
    if not folded:
        return
    assert _rendered_text(md(text)) == folded

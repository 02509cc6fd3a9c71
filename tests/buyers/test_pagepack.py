"""Many pages in one file, each read alone: the built fit results' format."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from trustreg.buyers.pagepack import read_page, write_pages


def _packed(tmp_path, pages):  # noqa: ANN001, ANN202
    buffer = io.StringIO(newline="")
    write_pages(buffer, pages)
    path = tmp_path / "x.pages"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


@given(pages=st.lists(st.text(max_size=300), max_size=12))
def test_every_page_written_is_read_back_exactly_and_no_other(tmp_path_factory, pages):
    path = _packed(tmp_path_factory.mktemp("pack"), pages)
    assert [read_page(path, n) for n in range(1, len(pages) + 1)] == pages
    assert read_page(path, 0) is None
    assert read_page(path, len(pages) + 1) is None


def test_a_missing_file_or_one_that_is_not_a_pack_has_no_pages(tmp_path):
    assert read_page(tmp_path / "nothing.pages", 1) is None
    other = tmp_path / "other.pages"
    other.write_text("<section>not a pack</section>", encoding="utf-8")
    assert read_page(other, 1) is None


def test_a_truncated_pack_has_no_page_rather_than_part_of_one(tmp_path):
    path = _packed(tmp_path, ["première page", "second page"])
    path.write_bytes(path.read_bytes()[:-3])
    assert read_page(path, 1) == "première page"
    assert read_page(path, 2) is None

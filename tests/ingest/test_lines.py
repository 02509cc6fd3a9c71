from __future__ import annotations

from trustreg.ingest.lines import STATUS_LINE, is_heading


def test_a_table_row_is_a_status_line_and_a_title_is_a_heading():
    assert STATUS_LINE.match("SOC 2 Type II: Yes")
    assert is_heading("Zero data retention")
    assert not is_heading("- Never used for training")
    assert not is_heading("We do not store prompts.")

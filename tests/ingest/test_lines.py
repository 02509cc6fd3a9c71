from __future__ import annotations

from trustreg.ingest.lines import STATUS_LINE, is_heading


def test_a_table_row_is_a_status_line_and_a_title_is_a_heading():
    assert STATUS_LINE.match("SOC 2 Type II: Yes")
    assert is_heading("Zero data retention")
    assert not is_heading("- Never used for training")
    assert not is_heading("We do not store prompts.")


def test_a_roadmap_cell_that_denies_holding_the_certificate_is_negative_and_a_bare_one_conditional():
    from trustreg.ingest.extractor import extract_claims

    denied = extract_claims("| ISO/IEC 27001 | Roadmap, not yet certified | 2027 |")
    planned = extract_claims("| ISO/IEC 27001 | Roadmap | 2027 |")
    assert [(c.dimension, c.polarity) for c in denied] == [("iso_27001", "negative")]
    assert [(c.dimension, c.polarity) for c in planned] == [("iso_27001", "conditional")]


def test_a_row_listing_frameworks_is_a_topic_and_a_row_of_certifications_a_claim():
    from trustreg.ingest.extractor import extract_claims
    from trustreg.ingest.lines import is_topic_row

    assert is_topic_row("Frameworks we map to", "SOC 2, ISO 27001, NIST CSF")
    assert not is_topic_row("Frameworks", "Yes")
    assert extract_claims("Frameworks we map to: SOC 2, ISO 27001, NIST CSF, HIPAA.") == []
    assert [c.dimension for c in extract_claims("Certifications: SOC 2 Type II, ISO 27001")] == ["soc2_type2", "iso_27001"]


def test_a_cell_saying_not_in_scope_or_out_of_scope_is_a_no():
    from trustreg.ingest.extractor import extract_claims

    for text in ("| HIPAA | Out of scope; keep PHI out | — |", "HIPAA: not in scope"):
        assert [(c.dimension, c.polarity) for c in extract_claims(text)] == [("hipaa_baa", "negative")], text

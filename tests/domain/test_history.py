"""Replay, dates and differences, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain import history as dh
from trustreg.domain import worddiff
from trustreg.domain.bundle import cell_data, scope_data
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef


def test_the_end_of_a_day_is_the_first_instant_of_the_next_one_in_utc() -> None:
    end = dh.end_of_day(dt.date(2026, 4, 1))
    assert dt.datetime(2026, 4, 1, 23, 59, 59, 999999, tzinfo=dt.UTC) < end
    assert end == dt.datetime(2026, 4, 2, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "yesterday", "2026-1-1", "20260101", "", "9999-12-31", "x" * 500,
             "2026-W01-1", "2026-W53-7"]  # ISO week dates: fromisoformat reads them, ten characters long
)
def test_a_bad_date_is_refused_with_a_message_naming_the_parameter(text: str) -> None:
    with pytest.raises(dh.BadDate, match="as_of"):
        dh.parse_date(text)


def test_a_real_date_is_read() -> None:
    assert dh.parse_date(" 2026-07-05 ") == dt.date(2026, 7, 5)


@given(st.text(alphabet="0123456789-W: T", max_size=12))
def test_every_text_read_as_a_day_is_that_day_written_yyyy_mm_dd(text: str) -> None:
    try:
        day = dh.parse_date(text)
    except dh.BadDate:
        return
    assert day.isoformat() == text.strip()


def test_the_changelog_marks_inserted_and_deleted_words_of_prose() -> None:
    d = dh.diff_data({"grade": "partial", "notes": "the report is gated"},
                     {"grade": "partial", "notes": "the report is public now"}).field("notes")
    assert d is not None and d.words is not None
    assert d.words.chunks == (("equal", "the report is"), ("delete", "gated"), ("insert", "public now"))
    assert not d.words.truncated


def test_the_changelog_uses_the_one_word_diff_with_unchanged_runs_whole() -> None:
    long = " ".join(f"w{i}" for i in range(100))
    d = dh.prose_diff(long + " old", long + " new")
    assert isinstance(d, worddiff.WordDiff)
    assert d == worddiff.word_diff(long + " old", long + " new", max_words=dh.WORD_DIFF_CAP, context=None)
    assert d.chunks[0] == ("equal", long)  # the monitor's diff would elide this run to its context


def test_the_changelog_caps_the_words_it_compares_and_says_so() -> None:
    d = dh.prose_diff("a " * (dh.WORD_DIFF_CAP + 5), "b " * (dh.WORD_DIFF_CAP + 5))
    assert d.truncated
    assert d.words_added == dh.WORD_DIFF_CAP


def test_a_cell_diff_reports_grade_facts_sources_and_annotations() -> None:
    before = {"grade": "partial", "facts": {"a": 1, "b": 2}, "sources": [{"url": "https://x.example/1"}]}
    after = {
        "grade": "yes_public",
        "facts": {"a": 1, "b": 3, "c": 4},
        "sources": [{"url": "https://x.example/2"}],
        "annotations": [{"date": "2026-01-01", "decision": "dismissed", "reason": "ok"}],
    }
    d = dh.diff_data(before, after)
    assert d.status == "changed"
    assert (d.field("grade").before, d.field("grade").after) == ("partial", "yes_public")
    assert d.field("facts").added == (("c", 4),) and d.field("facts").changed == (("b", 2, 3),)
    assert d.field("sources").removed == ({"url": "https://x.example/1"},)
    assert len(d.field("annotations").added) == 1


def test_identical_cells_do_not_differ_and_absent_to_present_is_an_addition() -> None:
    assert not dh.diff_data({"grade": "no"}, {"grade": "no"}).changed
    assert dh.diff_data(None, {"grade": "no"}).status == "added"
    assert dh.diff_data({"scope": {"notes": "x"}}, None).status == "removed"


def test_the_summary_of_a_scope_entry_has_no_grade() -> None:
    s = dh.summarise({"scope": {"notes": "a"}}, {"scope": {"notes": "b"}})
    assert (s.grade_before, s.grade_after, s.fields) == (None, None, ("notes",))


text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
sources = st.builds(
    SourceRef,
    url=st.just("https://example.com/a"),
    kind=st.just("legal"),
    primary=st.booleans(),
    publisher=text,
    title=text,
    archived=st.none(),
    canonical_url=st.none(),
    quote=text,
    role=st.sampled_from(["supports", "contradicts", "corroborates", "lead"]),
    copy=st.sampled_from([None, "azure-dpa-2026"]),
)
annotations = st.builds(
    AnnotationRecord,
    date=st.dates(),
    decision=st.sampled_from(["dismissed", "resolved"]),
    reason=text.filter(bool),
    author=st.sampled_from(["human", "alice"]),
)
records = st.builds(
    CellRecord,
    grade=st.sampled_from(["yes_public", "partial", "no"]),
    confidence=st.sampled_from([None, "high"]),
    summary=text,
    notes=text,
    tier=st.sampled_from([None, "enterprise_only"]),
    geography=st.sampled_from([None, "EU"]),
    facts=st.dictionaries(st.sampled_from(["k1", "k2"]), st.one_of(st.booleans(), st.integers(), text)),
    verified=st.one_of(st.none(), st.dates()),
    caveat=text,
    override_reason=text,
    sources=st.lists(sources, max_size=2).map(tuple),
    annotations=st.lists(annotations, max_size=2).map(tuple),
    extra=st.dictionaries(st.sampled_from(["x"]), text),
)


@given(records)
def test_a_cell_read_back_from_its_revision_data_is_the_same_cell(rec: CellRecord) -> None:
    assert dh.record_from_data(cell_data(rec)) == rec


@given(st.builds(ScopeRecord, notes=text, sources=st.lists(sources, max_size=2).map(tuple)))
def test_a_scope_entry_read_back_from_its_revision_data_is_the_same_entry(rec: ScopeRecord) -> None:
    assert dh.record_from_data({"scope": scope_data(rec)}) == rec


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), st.sampled_from(["offering", "party"]))
def test_a_holder_key_splits_back_into_its_kind_and_id(holder_id: str, kind: str) -> None:
    assert dh.split_holder(dh.holder_key(kind, holder_id)) == (kind, holder_id)


def test_an_offering_shows_its_own_cells_and_both_parties_cells() -> None:
    holders = dh.offering_holders("azure-openai", "openai", "microsoft-azure")
    assert [dh.split_holder(h) for h in holders] == [
        ("offering", "azure-openai"), ("party", "openai"), ("party", "microsoft-azure")]

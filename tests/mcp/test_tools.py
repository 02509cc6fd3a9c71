"""The MCP tools read the API's documents and refuse bad arguments with a message naming them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from trustreg.api import reads
from trustreg.mcp import tools


@given(st.text(max_size=60))
def test_a_date_argument_is_a_date_or_a_tool_error_naming_it(text: str) -> None:
    try:
        day = tools._date(text, "since")
    except tools.ToolError as exc:
        assert str(exc).startswith("since: ")
    else:
        assert day is None if not text.strip() else isinstance(day, dt.date) and day <= timezone.now().date()


@pytest.mark.django_db
@pytest.mark.parametrize("call", [
    lambda day: tools.get_offering("azure-openai", day),
    lambda day: tools.get_cell("azure-openai", "hipaa_baa", day),
    lambda day: tools.compare_offerings(["azure-openai", "openai-api"], day),
])
def test_a_day_past_the_calendar_is_a_tool_error_and_a_future_day_reads_as_today_as_in_the_api(loaded, call):
    with pytest.raises(tools.ToolError) as exc:
        call("9999-12-31")
    assert str(exc.value).startswith("as_of: ")
    assert call("2099-01-01")["as_of"] == timezone.now().date().isoformat()


@pytest.mark.django_db
def test_get_offering_is_the_apis_offering_document(loaded) -> None:
    got = tools.get_offering("azure-openai")
    want = tools._plain(reads.offering_detail("azure-openai", None))
    assert {k: v for k, v in got.items() if k != "generated_at"} == {
        k: v for k, v in want.items() if k != "generated_at"}


@pytest.mark.django_db
def test_a_question_is_found_by_id_or_slug(loaded) -> None:
    by_id = tools.get_cell("azure-openai", "hipaa_baa")
    by_slug = tools.get_cell("azure-openai", "hipaa-baa")
    assert by_id["cell"] == by_slug["cell"] and by_id["cell"]["question"] == "hipaa_baa"


@pytest.mark.django_db
@pytest.mark.parametrize(("call", "named"), [
    (lambda: tools.get_cell("azure-openai", "no_such_question"), "question: "),
    (lambda: tools.get_offering("no-such-offering"), "offering_id: "),
    (lambda: tools.compare_offerings(["azure-openai"]), "offering_ids: "),
    (lambda: tools.fit_check(), "preset or profile: "),
    (lambda: tools.fit_check(preset="no-such-preset"), "preset: "),
    (lambda: tools.fit_check(profile={"requirements": [{"question": "nope"}]}), "profile: "),
    (lambda: tools.fit_check(preset="phi-hipaa", cursor="not-a-cursor"), "cursor: "),
    (lambda: tools.fit_check(preset="phi-hipaa", limit=0), "limit: "),
    (lambda: tools.list_changes("yesterday"), "since: "),
    (lambda: tools.search_offerings(limit=0), "limit: "),
    (lambda: tools.search_offerings(question="hipaa_baa"), "question and grade: "),
])
def test_bad_arguments_answer_a_tool_error_naming_the_argument(loaded, call, named: str) -> None:
    with pytest.raises(tools.ToolError) as exc:
        call()
    assert str(exc.value).startswith(named)


@pytest.mark.django_db
def test_list_changes_since_a_date_only_lists_changes_from_that_day(loaded) -> None:
    got = tools.list_changes("2026-07-01", limit=100)
    assert got["items"] and all(i["published_at"] >= "2026-07-01" for i in got["items"])


@pytest.mark.django_db
def test_fit_check_pages_through_every_offering_once_in_the_order_of_one_whole_page(loaded) -> None:
    profile = {"requirements": [{"question": "hipaa_baa", "grades": ["yes_public", "yes_sales_gated"]}]}
    whole = tools.fit_check(profile=profile, limit=100)
    assert whole["next_cursor"] is None and whole["count"] == whole["total"] > 3
    seen, cursor = [], None
    while True:
        page = tools.fit_check(profile=profile, cursor=cursor, limit=3)
        assert page["total"] == whole["total"] and page["counts"] == whole["counts"]
        seen += [item["offering"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [item["offering"]["id"] for item in whole["items"]]

"""The documents behind the endpoints, read directly: parties with what they develop and serve, paged
by cursor; comparisons refused outside 2 to 4 offerings; changes resumed from a cursor, none twice."""

from __future__ import annotations

import pytest

from trustreg.api import reads
from trustreg.api.http import BadParameter
from trustreg.registry import changelog
from trustreg.registry.comparison import MAX_COMPARED
from trustreg.registry.models import Offering, Party, Revision

pytestmark = pytest.mark.django_db


def test_parties_are_paged_by_cursor_each_once_with_the_offerings_they_develop_and_serve(loaded):
    seen, cursor = [], None
    while True:
        doc = reads.parties(cursor, 3)
        seen += doc["items"]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert [p["id"] for p in seen] == list(Party.objects.order_by("id").values_list("id", flat=True))
    azure = next(p for p in seen if p["id"] == "microsoft-azure")
    assert "azure-openai" in azure["serves"]
    assert set(azure["serves"]) == set(Offering.objects.filter(platform_id="microsoft-azure", retired_at=None)
                                       .values_list("id", flat=True))


@pytest.mark.parametrize("ids", [["azure-openai"], ["azure-openai", " azure-openai "],
                                 ["azure-openai", "openai-api", "anthropic-api", "a", "b"][:MAX_COMPARED + 1]])
def test_a_comparison_needs_two_to_four_different_offerings(loaded, ids):
    with pytest.raises(BadParameter, match="give 2 to"):
        reads.comparison(ids, None)


def test_a_comparison_marks_the_questions_where_the_offerings_differ(loaded):
    doc = reads.comparison(["azure-openai", "openai-api"], None)
    assert [o["id"] for o in doc["offerings"]] == ["azure-openai", "openai-api"]
    for row in doc["rows"]:
        grades = {c["grade"] for c in row["cells"]}
        assert len(row["cells"]) == 2 and (len(grades) > 1) <= row["differs"]


def test_changes_resume_from_a_cursor_without_repeating_or_skipping_one(loaded):
    everything = list(Revision.objects.order_by("id").values_list("id", flat=True))
    seen, cursor = [], None
    while True:
        doc = reads.changes(None, cursor, None, changelog.Filters(), 50)
        seen += [item["id"] for item in doc["items"]]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert seen == everything

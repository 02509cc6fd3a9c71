"""The reviewer's view of a draft: a field-level diff, not two blocks of YAML."""

import pytest

from trustreg.domain import worddiff
from trustreg.registry.publish import Holder
from trustreg.workbench import drafts, review

pytestmark = pytest.mark.django_db

AZURE = Holder("party", "microsoft-azure")
# Session, user, roles, the draft, its versions (editors), and the ids of who edited it.
QUERIES = 6
BASE = {
    "grade": "yes_sales_gated",
    "tier": "enterprise_only",
    "notes": "Microsoft documents the attestation; the report itself is gated behind an account.",
    "facts": {"report_cadence": "annual"},
    "sources": [{"url": "https://a.example/", "kind": "vendor_doc", "primary": True}],
}


def test_the_diff_names_each_changed_field_with_a_word_diff_of_prose():
    after = {
        **BASE,
        "grade": "partial",
        "tier": "all",
        "notes": "Microsoft documents the attestation; the report itself is public now.",
        "facts": {"report_cadence": "semiannual", "bridge_letter": True},
        "sources": [{"url": "https://b.example/", "kind": "legal", "primary": False}],
    }
    fields = {f.field: f for f in review.draft_diff(BASE, after)}
    assert set(fields) == {"grade", "tier", "notes", "facts", "sources"}
    assert (fields["grade"].change.before, fields["grade"].change.after) == ("yes_sales_gated", "partial")
    notes = fields["notes"].words
    assert isinstance(notes, worddiff.WordDiff)  # the one word diff, not a second one
    assert ("delete", "gated behind an account.") in notes.chunks and ("insert", "public now.") in notes.chunks
    assert fields["facts"].change.changed == (("report_cadence", "annual", "semiannual"),)
    assert fields["facts"].change.added == (("bridge_letter", True),)
    assert [s["url"] for s in fields["sources"].change.added] == ["https://b.example/"]
    assert [s["url"] for s in fields["sources"].change.removed] == ["https://a.example/"]


def test_an_unchanged_field_is_not_listed():
    assert review.draft_diff(BASE, {**BASE, "tier": "all"})[0].field == "tier"
    assert len(review.draft_diff(BASE, {**BASE, "tier": "all"})) == 1


def test_the_draft_page_shows_the_field_diff_in_a_fixed_number_of_queries(
    registry, editor, reviewer, source_with_text, client, django_assert_num_queries
):
    data = drafts.base_data(AZURE, "soc2_type2")
    draft = drafts.draft_save(
        actor=editor, holder=AZURE, dimension_id="soc2_type2", kind="editorial", reason="clarify",
        data={**data, "notes": data["notes"] + " The bridge letter is public."},
    )
    client.force_login(reviewer)
    with django_assert_num_queries(QUERIES):
        page = client.get(f"/workbench/drafts/{draft.pk}/").content.decode()
    assert "<ins>The bridge letter is public.</ins>" in page
    assert "Published now" not in page  # no side-by-side YAML blocks any more


"""The dump's line records: each field's rule, refusals naming the field, and the real dump's lines accepted."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from trustreg.bulk import dump
from trustreg.bulk.dumplines import (
    CellLine,
    CitationLine,
    CopyLine,
    EndLine,
    HeaderLine,
    OfferingLine,
    PartyLine,
    QuoteCheckLine,
    RegistryLine,
    RevisionLine,
    SourceLine,
)

MODELS = {"header": HeaderLine, "registry": RegistryLine, "party": PartyLine, "offering": OfferingLine,
          "source": SourceLine, "copy": CopyLine, "cell": CellLine, "citation": CitationLine,
          "revision": RevisionLine, "end": EndLine}

OFFERING = {"id": "azure-openai", "name": "Azure OpenAI", "developer": "openai", "platform": "azure",
            "category": "first_party", "model_family": "GPT", "summary": "", "sort_order": 3, "extra": {},
            "retired_at": None}
REVISION = {"id": 7, "holder": "offering:azure-openai", "question": "soc2_type2", "before": None, "after": {},
            "kind": "reverified", "reason": "Re-checked the trust portal.", "author": "a", "reviewer": "b",
            "credit": "", "published_at": "2026-07-05T10:00:00+00:00"}
HOLDERS = {"holders": {"offering:azure-openai", "party:openai"}}


def problem(model, data, context=None):
    """The one problem a line gives, as (field, message)."""
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data, context=context)
    (error,) = exc.value.errors()
    return ".".join(str(p) for p in error["loc"]), error["msg"]


def test_a_valid_offering_line_is_read_with_its_types():
    line = OfferingLine.model_validate({**OFFERING, "retired_at": "2026-07-05T10:00:00+02:00"})
    assert line.retired_at == dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC)
    assert line.sort_order == 3


@pytest.mark.parametrize("when", ["2026-07-05T10:00:00", "2026-07-05", "yesterday", 1751709600,
                                  "2026-07-05T10:00:00+00:00" + " " * 30])
def test_a_time_without_its_utc_offset_or_not_a_time_is_refused_at_its_field(when):
    assert problem(OfferingLine, {**OFFERING, "retired_at": when}) == (
        "retired_at", "expected a date and time with its UTC offset")


def test_a_required_time_cannot_be_left_out():
    assert problem(RevisionLine, {**REVISION, "published_at": None}, HOLDERS) == (
        "published_at", "expected a date and time with its UTC offset")


offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@given(st.datetimes(timezones=offsets, min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(9999, 1, 1)))
def test_any_aware_time_written_in_iso_form_is_read_back_as_the_same_instant(when):
    line = OfferingLine.model_validate({**OFFERING, "retired_at": when.isoformat()})
    assert line.retired_at == when


@pytest.mark.parametrize("order", [10**9 + 1, -(10**9) - 1, True, 1.5, "3"])
def test_a_sort_order_outside_its_bounds_or_not_a_whole_number_is_refused(order):
    assert problem(OfferingLine, {**OFFERING, "sort_order": order}) == (
        "sort_order", "expected a whole number from -1000000000 to 1000000000")


@pytest.mark.parametrize("status", [99, 600, False])
def test_a_copys_status_code_must_be_an_http_status(status):
    copy = {"id": "c1", "source": "https://vendor.example/", "taken_at": "2026-07-05T10:00:00+00:00",
            "how": "fetched", "status_code": status, "final_url": "", "content_type": "text/html",
            "sha256": "0" * 64, "text": "t", "text_extractor": "", "extract_error": "", "bundle_copy": "",
            "provenance": {}}
    assert problem(CopyLine, copy) == ("status_code", "expected a whole number from 100 to 599")
    assert CopyLine.model_validate({**copy, "status_code": None}).status_code is None


@pytest.mark.parametrize("extra", [[1, 2], "text", None])
def test_kept_data_must_be_a_mapping(extra):
    assert problem(OfferingLine, {**OFFERING, "extra": extra}) == ("extra", "expected a mapping")


def test_kept_data_must_hold_only_json_shaped_values():
    with pytest.raises(ValidationError) as exc:
        OfferingLine.model_validate({**OFFERING, "extra": {"when": dt.date(2026, 1, 1)}})
    assert "extra" in str(exc.value)


@pytest.mark.parametrize("holder", ["azure-openai", "vendor:azure-openai", "offering:Azure", "party:" + "x" * 90])
def test_a_holder_must_be_offering_or_party_and_an_id(holder):
    field, message = problem(RevisionLine, {**REVISION, "holder": holder}, HOLDERS)
    assert field == "holder"
    assert message.endswith("is not offering:<id> or party:<id>") or "at most 100" in message
    assert len(message) < 120  # a hostile value is cut, not echoed whole


def test_a_holder_must_be_one_of_the_dump():
    assert problem(RevisionLine, {**REVISION, "holder": "party:anthropic"}, HOLDERS) == (
        "holder", "'party:anthropic' is not an offering or party of this dump")
    assert RevisionLine.model_validate({**REVISION, "holder": "party:openai"}, context=HOLDERS).holder == "party:openai"


def test_a_revision_needs_a_reason_and_a_known_kind():
    assert problem(RevisionLine, {**REVISION, "reason": ""}, HOLDERS)[0] == "reason"
    assert problem(RevisionLine, {**REVISION, "kind": "rewrite"}, HOLDERS)[0] == "kind"


def test_an_unknown_field_is_refused_by_name():
    assert problem(PartyLine, {"id": "openai", "name": "OpenAI", "organisation": "", "url": "", "summary": "",
                               "admin": True})[0] == "admin"


def test_an_id_must_be_lower_case_digits_and_dashes():
    assert problem(PartyLine, {"id": "Open AI", "name": "OpenAI", "organisation": "", "url": "", "summary": ""})[0] == "id"


def test_a_quote_check_reads_its_copy_from_the_copy_key():
    check = QuoteCheckLine.model_validate({"copy": "c1", "checked_at": "2026-07-05T10:00:00+00:00", "present": True})
    assert check.copy_id == "c1" and check.present is True


@pytest.mark.django_db
def test_every_line_of_the_bundled_registrys_dump_is_accepted_by_its_record(loaded):
    lines = [json.loads(json.dumps(line)) for line in dump.lines(timezone.localdate())]
    holders = {f"offering:{x['id']}" for x in lines if x["type"] == "offering"} | {
        f"party:{x['id']}" for x in lines if x["type"] == "party"}
    seen = set()
    for line in lines:
        kind = line.pop("type")
        if kind in MODELS:
            MODELS[kind].model_validate(line, context={"holders": holders})
            seen.add(kind)
    assert seen == set(MODELS)

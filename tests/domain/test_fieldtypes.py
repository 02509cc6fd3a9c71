"""Field rules of records: pydantic errors come back as ``path.to.field: reason`` in the registry's words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from tests.domain import strategies
from trustreg.domain import fieldtypes, yamlio
from trustreg.domain.bundle import BundleError, OfferingRecord, cell_data, parse_files, read_cell
from trustreg.domain.bundle.validation import Reader
from trustreg.domain.cells import CellRecord, SourceRef
from trustreg.domain.fieldtypes import replace


def problems_of(model, value, **context) -> list[tuple[str, str]]:  # noqa: ANN001
    with pytest.raises(ValidationError) as exc:
        model.model_validate(value, context=context or None)
    return fieldtypes.problems(exc.value, model)


def test_every_problem_of_a_record_is_reported_at_once_with_its_dotted_path():
    found = problems_of(CellRecord, {
        "grade": "maybe", "colour": "blue", "notes": "x" * 20_001 + "\x00",
        "sources": [{"url": "ftp://x", "kind": "vendor_doc"}],
    })
    assert sorted(found) == sorted([
        ("grade", "text 'maybe' is not one of: yes_public, yes_sales_gated, yes_platform_only, partial, unclear, "
                  "no_public_evidence, no, not_reviewed"),
        ("colour", "unknown field (allowed: annotations, caveat, confidence, default, extra, facts, geography, grade, "
                   "notes, override_reason, route, sources, summary, tier, verified)"),
        ("notes", "text is 20002 characters, the limit is 20000"),
        ("notes", "text contains a NUL character"),
        ("sources[0].url", "'ftp://x' is not an http(s) URL"),
        ("sources[0].primary", "required field is missing"),
    ])


def test_an_unknown_field_in_a_list_item_names_the_fields_that_item_allows():
    found = problems_of(CellRecord, {"grade": "no", "annotations": [{"date": "2026-01-02", "decision": "resolved",
                                                                      "reason": "ok", "mood": "fine"}]})
    assert found == [("annotations[0].mood", "unknown field (allowed: author, date, decision, reason)")]


def test_a_value_that_is_not_a_mapping_or_a_list_says_what_it_got():
    assert problems_of(CellRecord, ["grade"]) == [("", "expected a mapping, got a list")]
    assert problems_of(CellRecord, {"grade": "no", "sources": "https://a.example"}) == [
        ("sources", "expected a list, got text 'https://a.example'")]
    assert problems_of(CellRecord, {"grade": "no", "extra": {"n": float("inf")}}) == [("extra.n", "inf is not allowed")]


def test_a_party_cell_may_not_give_an_override_reason_and_is_not_told_it_may(bundled):
    problems: list = []
    dim = bundled.catalogue.get("retention_zdr")
    read_cell({"grade": "no", "override_reason": "because", "mood": 1}, "cells.retention_zdr", dim,
              Reader("parties/x.yaml", problems), allow_override=False)
    reasons = {p.path: p.reason for p in problems}
    assert set(reasons) == {"cells.retention_zdr.override_reason", "cells.retention_zdr.mood"}
    assert all(r.startswith("unknown field (allowed: ") and "override_reason" not in r for r in reasons.values())


def test_a_record_built_in_code_obeys_the_same_rules_as_a_data_file():
    with pytest.raises(ValidationError):
        SourceRef(url="javascript:alert(1)", kind="blog", primary=False)
    ref = SourceRef(url="https://a.example", kind="blog", primary=False, role=None)  # type: ignore[arg-type]
    assert ref.role == "supports"
    assert replace(ref, quote="Kept.").quote == "Kept."
    with pytest.raises(ValidationError):
        replace(ref, kind="rumour")


def test_an_offering_file_may_not_give_scopes_of_its_own():
    files = {"dimensions.yaml": "groups: [{id: g, label: G}]\ndimensions: [{id: d, label: D, question: Q, group: g, "
                                "level: platform, slug: d, freshness_days: 30}]\n",
             "parties/p.yaml": "id: p\nname: P\n",
             "offerings/o.yaml": "id: o\nname: O\ndeveloper: p\nplatform: p\ncategory: first_party\nscopes: {}\n"}
    with pytest.raises(BundleError) as exc:
        parse_files(files)
    assert [str(p) for p in exc.value.problems] == [
        "offerings/o.yaml: scopes: unknown field (allowed: category, cells, developer, extra, id, model_family, name, "
        "platform, sort_order, summary)"]


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_cell_round_trips_through_its_data_file_text(bundled, data):
    dim_id = data.draw(st.sampled_from(bundled.catalogue.ids()))
    record = data.draw(strategies.cell(bundled.catalogue, dim_id, override=True))
    problems: list = []
    text = yamlio.dump(cell_data(record))
    back = read_cell(yamlio.load(text), "", bundled.catalogue.get(dim_id), Reader("f", problems),
                     allow_override=True)
    assert problems == [] and back == record


hostile_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.dates(),
              st.datetimes(), st.binary(max_size=4)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=3)),
    max_leaves=12,
)
offering_keys = st.sampled_from([*OfferingRecord.model_fields, "colour", "", "\x00"])


@example(raw={"0.": None})
@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(hostile_values, st.dictionaries(offering_keys, hostile_values, max_size=8)))
def test_any_value_read_as_an_offering_gives_a_record_or_problems_naming_file_and_field(raw):
    problems: list = []
    record = Reader("offerings/o.yaml", problems).record(OfferingRecord, raw, "")
    assert (record is None) == bool(problems)
    assert all(p.file == "offerings/o.yaml" and p.reason for p in problems)
    if isinstance(raw, dict):
        named = {*raw, *OfferingRecord.model_fields}
        # a key may itself hold "." or "[" ({"0.": None} once did): match whole keys as path prefixes
        assert all(p.path == "" or any(p.path == key or p.path.startswith((f"{key}.", f"{key}["))
                                       for key in map(str, named)) for p in problems)


def test_dates_are_read_from_text_or_dates_and_refused_otherwise():
    check = fieldtypes.date(required=True).func
    assert check("2026-07-05") == check(dt.datetime(2026, 7, 5, 9)) == dt.date(2026, 7, 5)
    with pytest.raises(Exception, match="expected a date YYYY-MM-DD, got nothing"):
        check(None)


class Done(fieldtypes.Record):
    on: Annotated[dt.date, fieldtypes.date(required=True), fieldtypes.not_after_today("it is done already")]


def test_a_date_of_something_done_may_be_today_but_not_after_the_readers_day():
    today = dt.date(2026, 5, 1)
    assert Done.model_validate({"on": "2026-05-01"}, context={"today": today}).on == today
    assert problems_of(Done, {"on": "2026-05-02"}, today=today) == [
        ("on", "2026-05-02 is in the future: it is done already")]
    assert Done.model_validate({"on": "2030-01-01"}).on == dt.date(2030, 1, 1)  # no day given: any date



@example("x\x00", 5, False, None)
@example(" ", 5, True, None)
@example("", 5, True, fieldtypes.URL_RE)
@settings(max_examples=500, deadline=None)
@given(st.none() | st.integers() | st.text(st.sampled_from(list("ab :/h\x00 \t")), max_size=8),
       st.integers(0, 6), st.booleans(), st.sampled_from([None, fieldtypes.URL_RE]))
def test_text_fields_accept_exactly_what_their_reasons_accept_and_give_the_same_value(value, limit, required, pattern):
    """The quick acceptance of well-formed text (a load checks millions) agrees with the reasons."""
    fields = [(fieldtypes.text(limit, required=required, pattern=pattern, empty="-"), required, "-"),
              (fieldtypes.optional_text(limit, pattern=pattern), False, None)]
    for field, needed, empty in fields:
        reasons = fieldtypes.text_reasons(value, limit=limit, required=needed, pattern=pattern)
        try:
            got = field.func(value)
        except PydanticCustomError:
            assert reasons
        else:
            assert not reasons
            assert got == (value or empty)

"""The public data.json layout: parsing refuses bad input clearly and keeps unknown keys."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain import strategies
from trustreg.domain import datajson
from trustreg.domain.bundle import BundleError
from trustreg.domain.cells import AnnotationRecord, CellRecord, Origin, ResolvedCell, SourceRef
from trustreg.domain.grades import Confidence, Grade


def doc(**cell_overrides):
    cell = {"value": "yes_public", "confidence": "high", "source": "https://example.com/a", "archived": None,
            "verified": "2026-07-05", "notes": "Fine."}
    cell.update(cell_overrides)
    return {"name": "AI Provider Trust Registry", "generated": "2026-07-05", "license": "L", "disclaimer": "D",
            "dimensions": {"soc2_type2": "Is a SOC 2 Type II report available for this offering?"},
            "offerings": [{"id": "x-api", "name": "X API", "developer": "X", "platform": "X",
                           "category": "first_party", "model_family": "X", "summary": "S", "sort_order": 0,
                           "dimensions": {"soc2_type2": cell}}]}


def problems(catalogue, document) -> list[str]:
    with pytest.raises(BundleError) as exc:
        datajson.parse(json.dumps(document) if not isinstance(document, str) else document, catalogue=catalogue,
                       file="in.json")
    return [str(p) for p in exc.value.problems]


def test_it_reads_a_cell_and_keeps_keys_it_does_not_model(bundled):
    d = doc(upstream_flag=True)
    d["offerings"][0]["homepage"] = "https://x.example"
    d["schema_hint"] = {"a": 1}
    reg = datajson.parse(json.dumps(d), catalogue=bundled.catalogue)
    (o,) = reg.offerings
    assert o.cells["soc2_type2"].grade == "yes_public"
    assert o.cells["soc2_type2"].extra == {"upstream_flag": True}
    assert o.extra == {"homepage": "https://x.example"}
    assert reg.extra == {"schema_hint": {"a": 1}}


def test_a_missing_schema_version_is_version_1_and_others_are_refused(bundled):
    assert datajson.parse(json.dumps(doc()), catalogue=bundled.catalogue).name
    assert any("schema_version: version 2 is not supported" in p for p in problems(bundled.catalogue,
                                                                                    {**doc(), "schema_version": 2}))


@pytest.mark.parametrize(("document", "expected"), [
    ("{not json", "in.json: malformed JSON"),
    ("[]", "in.json: expected a mapping, got a list"),
    ("NaN", "in.json: malformed JSON"),
])
def test_it_refuses_malformed_json_naming_the_file(bundled, document, expected):
    assert any(p.startswith(expected) for p in problems(bundled.catalogue, document))


def test_it_refuses_an_unknown_grade_and_dimension_naming_the_field(bundled):
    d = doc(value="great")
    d["offerings"][0]["dimensions"]["fedramp"] = {"value": "yes_public"}
    found = problems(bundled.catalogue, d)
    assert any(p.startswith("in.json: offerings[0].dimensions.soc2_type2.value:") for p in found)
    assert any(p.startswith("in.json: offerings[0].dimensions.fedramp: unknown dimension") for p in found)


def test_it_refuses_a_fact_the_dimension_does_not_allow(bundled):
    found = problems(bundled.catalogue, doc(facts={"retention_days": 30}))
    assert any("offerings[0].dimensions.soc2_type2.facts.retention_days: fact 'retention_days' is not allowed" in p
               for p in found)


def test_human_annotations_are_taken_off_the_notes_and_put_back_identically():
    notes = "Covered by the broad cert. [human 2026-07-05] Dismissed: scope lives in gated appendix."
    rest, annotations = datajson.split_annotations(notes)
    assert rest == "Covered by the broad cert."
    assert annotations == (AnnotationRecord(date=__import__("datetime").date(2026, 7, 5), decision="dismissed",
                                            reason="scope lives in gated appendix.", author="human"),)
    assert datajson.render_notes([rest], annotations) == notes


note_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80)


@settings(max_examples=200, deadline=None)
@given(st.lists(note_text, max_size=1), st.lists(st.tuples(st.dates(), st.sampled_from(["dismissed", "resolved"]),
                                                             note_text.map(str.strip).filter(bool)), max_size=3))
def test_notes_with_annotations_round_trip(notes, annots):
    annotations = tuple(AnnotationRecord(date=d, decision=dec, reason=r) for d, dec, r in annots)
    rendered = datajson.render_notes(notes, annotations)
    rest, parsed = datajson.split_annotations(rendered)
    assert datajson.render_notes([rest], parsed) == rendered


# A cell the layout can carry: one unverified lead source at most, stripped notes without "[" (so no
# annotation head), annotations with stripped reasons, and extra keys the layout does not name.
plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[]"),
                     min_size=1, max_size=60).map(str.strip).filter(bool)
lead = st.builds(lambda u, archived: SourceRef(url=u, kind="other", primary=False, archived=archived),
                 strategies.url, st.one_of(st.none(), strategies.url))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_cell_the_layout_can_carry_round_trips_through_data_json(bundled, data):
    dim_id = data.draw(st.sampled_from(bundled.catalogue.ids()))
    record = data.draw(st.builds(
        CellRecord,
        grade=st.sampled_from([g.value for g in Grade if g is not Grade.NOT_REVIEWED]),
        confidence=st.one_of(st.none(), st.sampled_from([c.value for c in Confidence])),
        notes=st.one_of(st.just(""), plain_text), tier=st.one_of(st.none(), strategies.qualifier),
        route=st.one_of(st.none(), strategies.qualifier), geography=st.one_of(st.none(), plain_text),
        facts=strategies.facts_for(bundled.catalogue, dim_id), verified=st.one_of(st.none(), strategies.date),
        sources=st.lists(lead, max_size=1).map(tuple),
        annotations=st.lists(st.builds(AnnotationRecord, date=strategies.date,
                                       decision=st.sampled_from(["dismissed", "resolved"]), reason=plain_text,
                                       author=st.sampled_from(["human", "reviewer-1"])), max_size=2).map(tuple),
        extra=st.dictionaries(st.sampled_from(["x_kept", "legacy"]), st.one_of(st.integers(), plain_text), max_size=2),
    ))
    dim = bundled.catalogue.get(dim_id)
    cell = ResolvedCell(dim, Origin.OFFERING, record, "x")
    document = doc()
    document["dimensions"] = {dim_id: dim.question}
    document["offerings"][0]["dimensions"] = {dim_id: datajson.cell_json(cell)}
    parsed = datajson.parse(json.dumps(document), catalogue=bundled.catalogue)
    assert parsed.offerings[0].cells[dim_id] == record


hostile_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["value", "confidence", "source", "archived", "verified", "notes", "tier", "facts",
                            "geography", "other"]), value=hostile_json)
def test_a_data_json_cell_with_any_value_anywhere_gives_problems_naming_the_field_never_a_crash(bundled, key, value):
    try:
        datajson.parse(json.dumps(doc(**{key: value})), catalogue=bundled.catalogue, file="in.json")
    except BundleError as exc:
        assert all(p.file == "in.json" and p.path.startswith(f"offerings[0].dimensions.soc2_type2.{key}")
                   for p in exc.problems), exc.problems


def test_every_problem_of_the_top_level_and_its_offerings_is_named_at_once(bundled):
    known = ", ".join(bundled.catalogue.ids())
    document = {
        "name": "R", "generated": 5, "dimensions": {"nope": {}, "retention_zdr": {}},
        "offerings": [
            {"id": "Bad", "name": "", "developer": "D", "platform": "P", "category": "x", "sort_order": "1",
             "dimensions": {"retention_zdr": {"value": "maybe"}, "zz": {}}},
            5,
            {"id": "a", "name": "A", "developer": "D", "platform": "P", "category": "first_party"},
            {"id": "a", "name": "A", "developer": "D", "platform": "P", "category": "first_party"},
        ],
    }
    assert problems(bundled.catalogue, document) == [f"in.json: {p}" for p in [
        f"dimensions.nope: unknown dimension (known: {known})",
        "generated: expected a date as text",
        "offerings[0].category: text 'x' is not one of: first_party, cloud_distribution",
        "offerings[0].dimensions.retention_zdr.value: text 'maybe' is not one of: " + ", ".join(Grade),
        f"offerings[0].dimensions.zz: unknown dimension (known: {known})",
        "offerings[0].id: 'Bad' is not an id (lower case, digits, -)",
        "offerings[0].name: must not be empty",
        "offerings[0].sort_order: expected a whole number",
        "offerings[1]: expected a mapping, got a number (5)",
        "offerings[3].id: duplicate offering id 'a'",
    ]]


def test_keys_the_layout_does_not_model_are_kept_at_every_level(bundled):
    document = {"name": "R", "x": {"a": 1}, "dimensions": {}, "offerings": [
        {"id": "a", "name": "A", "developer": "D", "platform": "P", "category": "first_party", "k": [1],
         "dimensions": {"retention_zdr": {"value": "yes_public", "source": "https://a.example", "zz": 1}}}]}
    read = datajson.parse(json.dumps(document), catalogue=bundled.catalogue)
    (offering,) = read.offerings
    assert (read.extra, offering.extra, offering.cells["retention_zdr"].extra) == ({"x": {"a": 1}}, {"k": [1]},
                                                                                    {"zz": 1})
    assert read.license is None and read.generated == ""

import datetime as dt

import pytest

from trustreg.domain.catalogue import FactType, fact_problem


@pytest.mark.parametrize(
    ("value", "fact_type"),
    [
        (True, FactType.BOOLEAN),
        (30, FactType.INTEGER),
        (2.5, FactType.NUMBER),
        (3, FactType.NUMBER),
        ("2026-07-05", FactType.DATE),
        (dt.date(2026, 7, 5), FactType.DATE),
        ("https://example.com/x", FactType.URL),
        (["EU", "US"], FactType.STRING_LIST),
        ("semi-annual", FactType.STRING),
    ],
)
def test_it_accepts_a_fact_of_the_right_type(value, fact_type):
    assert fact_problem(value, fact_type) is None


@pytest.mark.parametrize(
    ("value", "fact_type", "says"),
    [
        ("yes", FactType.BOOLEAN, "true or false"),
        (True, FactType.INTEGER, "whole number"),
        ("30", FactType.INTEGER, "whole number"),
        ("July", FactType.DATE, "YYYY-MM-DD"),
        ("ftp://x", FactType.URL, "http(s) URL"),
        ([], FactType.STRING_LIST, "non-empty list"),
        (["ok", 3], FactType.STRING_LIST, "item 1"),
        ("", FactType.STRING, "non-empty text"),
        ("x" * 5000, FactType.STRING, "limit"),
    ],
)
def test_it_refuses_a_fact_of_the_wrong_type_and_says_why(value, fact_type, says):
    problem = fact_problem(value, fact_type)
    assert problem is not None and says in problem


def test_it_refuses_a_fact_the_dimension_does_not_allow(bundled):
    dim = bundled.catalogue.get("soc2_type2")
    problem = dim.fact_problem("retention_days", 30)
    assert problem is not None and "not allowed for dimension soc2_type2" in problem
    assert dim.fact_problem("report_cadence", "semi-annual") is None


def test_each_level_names_the_graded_party_role_and_the_offering_field_naming_it() -> None:
    from trustreg.domain.catalogue import Level
    from trustreg.domain.cells import graded_party

    for level in Level:
        holder = {"developer_id": "dev", "platform_id": "plat"}
        dim = type("Dim", (), {"level": level})()
        assert graded_party(dim, "dev", "plat") == holder[level.offering_field]  # type: ignore[arg-type]
    assert {lv.role for lv in Level} == {"serving platform", "model developer"}


def _catalogue_problems(raw: dict) -> list[str]:
    from trustreg.domain import yamlio
    from trustreg.domain.bundle import BundleError, parse_files

    with pytest.raises(BundleError) as exc:
        parse_files({"dimensions.yaml": yamlio.dump(raw)})
    return [str(p) for p in exc.value.problems]


def test_the_catalogue_file_reads_into_groups_questions_and_typed_fact_specs():
    from trustreg.domain import yamlio
    from trustreg.domain.bundle import parse_files
    from trustreg.domain.catalogue import FactSpec, Level

    raw = {"groups": [{"id": "g", "label": "G"}],
           "dimensions": [{"id": "d", "label": "D", "question": "Q?", "group": "g", "level": "developer",
                           "slug": "d", "freshness_days": 30,
                           "facts": {"days": "integer", "since": {"type": "date", "description": "When"}}}]}
    (dim,) = parse_files({"dimensions.yaml": yamlio.dump(raw)}).catalogue.dimensions
    assert dim.level is Level.DEVELOPER and dim.freshness_days == 30
    assert dim.facts == {"days": FactSpec(key="days", type=FactType.INTEGER),
                         "since": FactSpec(key="since", type=FactType.DATE, description="When")}


def test_every_problem_of_the_catalogue_file_is_named_with_its_path_and_reason():
    raw = {"groups": [{"id": "G!", "label": None, "informational": "yes", "colour": 1}, 5],
           "dimensions": [
               {"id": "d", "label": "D", "question": "Q", "group": "h", "level": "nope", "slug": "D D",
                "freshness_days": 0,
                "facts": {"Bad": "integer", "ok": {"type": "nah", "unit": 1}, "n": 5, "k": {"type": "date", "key": "x"}}},
               {"id": "d", "label": "D", "question": "Q", "group": "g", "level": "platform", "slug": "d",
                "freshness_days": True}],
           "more": 1}
    assert _catalogue_problems(raw) == [
        "dimensions.yaml: dimensions: duplicate dimension id 'd'",
        "dimensions.yaml: dimensions[0].facts.Bad: fact keys are identifiers (lower case, digits, _)",
        "dimensions.yaml: dimensions[0].facts.k.key: unknown field (allowed: description, type)",
        "dimensions.yaml: dimensions[0].facts.n: expected a mapping, got a number (5)",
        "dimensions.yaml: dimensions[0].facts.ok.type: text 'nah' is not one of: string, integer, number, boolean, "
        "date, url, list",
        "dimensions.yaml: dimensions[0].facts.ok.unit: unknown field (allowed: description, type)",
        "dimensions.yaml: dimensions[0].freshness_days: expected a positive whole number of days, got a number (0)",
        "dimensions.yaml: dimensions[0].group: text 'h' is not one of: G!",
        "dimensions.yaml: dimensions[0].level: text 'nope' is not one of: platform, developer",
        "dimensions.yaml: dimensions[0].slug: 'D D' is not a URL slug (lower case, digits, -)",
        "dimensions.yaml: dimensions[1].freshness_days: expected a positive whole number of days, got a boolean (true)",
        "dimensions.yaml: dimensions[1].group: text 'g' is not one of: G!",
        "dimensions.yaml: groups[0].colour: unknown field (allowed: description, id, informational, label)",
        "dimensions.yaml: groups[0].id: 'G!' is not an identifier (lower case, digits, _)",
        "dimensions.yaml: groups[0].informational: expected true or false, got text 'yes'",
        "dimensions.yaml: groups[0].label: must not be empty",
        "dimensions.yaml: groups[1]: expected a mapping, got a number (5)",
        "dimensions.yaml: more: unknown field (allowed: dimensions, groups)",
    ]


@pytest.mark.parametrize(("raw", "says"), [
    ([1], ["dimensions.yaml: expected a mapping, got a list"]),
    ({"groups": []}, ["dimensions.yaml: dimensions: required field is missing",
                      "dimensions.yaml: dimensions: the catalogue has no dimensions"]),
    ({"groups": 3, "dimensions": {}}, ["dimensions.yaml: dimensions: expected a list, got a mapping",
                                       "dimensions.yaml: dimensions: the catalogue has no dimensions",
                                       "dimensions.yaml: groups: expected a list, got a number (3)"]),
])
def test_a_catalogue_file_of_the_wrong_shape_says_so(raw, says):
    assert _catalogue_problems(raw) == says

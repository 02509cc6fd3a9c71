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

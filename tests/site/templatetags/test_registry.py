"""The registry pages' filters and tags: what they say, and that hostile text comes out inert."""

import datetime as dt
import html
from types import SimpleNamespace

import pytest
from django.template import engines
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.cells import CellRecord, Origin, ResolvedCell
from trustreg.domain.grades import GRADE_INFO, Grade
from trustreg.site.templatetags import registry

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(document.cookie)",
    "&lt;already escaped&gt; & <b>bold</b>",
]


def render(source, **context):
    return engines["django"].from_string("{% load registry %}" + source).render(context)


def assert_inert(rendered):
    """Nothing a browser would read as markup or as the end of an attribute value."""
    for raw in ("<", ">", '"', "'"):
        assert raw not in rendered, rendered


def party(name, pid="p"):
    return SimpleNamespace(id=pid, name=name)


def offering(developer, platform, category="third_party"):
    return SimpleNamespace(developer=developer, platform=platform, developer_id=developer.id,
                           platform_id=platform.id, category=category)


def cell(bundled, dimension_id, origin, record=None, party_id="p"):
    return ResolvedCell(dimension=bundled.catalogue.get(dimension_id), origin=origin, record=record,
                        graded_party_id=party_id)


# -- hostile text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("times", [1, 30])
def test_cut_text_is_escaped_by_the_page_whether_cut_or_not(text, times):
    text = " ".join([text] * times)
    rendered = render("{{ text|cut }}", text=text)
    assert_inert(rendered)
    assert html.unescape(rendered) == registry.cut(text)
    assert rendered.endswith("…") is (times > 1)


@pytest.mark.parametrize("text", HOSTILE)
def test_fact_values_and_lists_of_them_are_escaped(text):
    rendered = render("{{ v|fact_value }} | {{ many|fact_value }}", v=text, many=[text, text])
    assert_inert(rendered.replace(" | ", ""))
    assert html.unescape(rendered) == f"{text} | {text}, {text}"


@given(st.text(max_size=300), st.integers(2, 400))
def test_any_text_through_cut_or_fact_value_renders_as_the_same_text_escaped(text, limit):
    rendered = render(f"{{{{ text|cut:{limit} }}}}", text=text)
    assert "<" not in rendered and '"' not in rendered and "'" not in rendered
    assert html.unescape(rendered) == registry.cut(text, limit)
    assert html.unescape(render("{{ text|fact_value }}", text=text)) == text


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("origin", list(Origin))
def test_origin_text_escapes_the_party_name(bundled, name, origin):
    record = None if origin is Origin.NONE else CellRecord(grade="yes_public")
    o = offering(party(name, "d"), party(name, "p"))
    rendered = render("{% origin_text c o %}", c=cell(bundled, "soc2_type2", origin, record), o=o)
    assert_inert(rendered)
    assert name in html.unescape(rendered)


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("category", ["first_party", "third_party"])
def test_role_subtitle_escapes_the_party_names(name, category):
    rendered = render("{% role_subtitle o %}", o=offering(party(name, "d"), party("Azure <b>", "p"), category))
    assert_inert(rendered)
    assert name in html.unescape(rendered) and "Azure <b>" in html.unescape(rendered)


@pytest.mark.parametrize("name", HOSTILE)
def test_party_of_escapes_the_party_name(bundled, name):
    view = SimpleNamespace(party_name=lambda pid: {"p": name}[pid])
    rendered = render("{{ view|party_of:c }}", view=view, c=cell(bundled, "soc2_type2", Origin.PARTY,
                                                                     CellRecord(grade="no")))
    assert_inert(rendered)
    assert html.unescape(rendered) == name


@pytest.mark.parametrize("value", HOSTILE)
def test_query_with_stays_a_relative_query_string_whatever_the_parameters_hold(value):
    request = RequestFactory().get("/", {"q": value, "page": "2"})
    rendered = render('<a href="{% query_with sort=value page="" %}">', request=request, value=value)
    href = rendered.removeprefix('<a href="').removesuffix('">')
    assert href.startswith("?")
    assert_inert(href)
    assert "javascript:" not in href
    assert "page=" not in href


def test_query_with_changes_only_the_given_parameters_and_keeps_repeated_ones():
    request = RequestFactory().get("/?grade=no&grade=partial&sort=name&page=3")
    assert registry.query_with({"request": request}, sort="watchouts", page=None) == (
        "?grade=no&grade=partial&sort=watchouts"
    )
    assert registry.query_with({"request": RequestFactory().get("/?sort=name")}, sort="") == "?"


# -- what they say ---------------------------------------------------------------------------------


@pytest.mark.parametrize("grade", list(Grade))
def test_grade_filters_give_the_grades_label_glyph_and_tone(grade):
    info = GRADE_INFO[grade]
    assert (registry.grade_label(grade.value), registry.grade_glyph(grade.value),
            registry.grade_tone(grade.value)) == (info.label, info.glyph, info.tone)


def test_an_unknown_grade_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="maybe"):
        registry.grade_label("maybe")


def test_fact_value_joins_lists_and_shows_booleans_as_words():
    assert registry.fact_value(["eu", "us"]) == "eu, us"
    assert registry.fact_value(True) == "True"
    assert registry.fact_value(30) == "30"


def test_cut_keeps_short_text_whole_and_on_one_line():
    assert registry.cut("One\n  line,\tplease.") == "One line, please."
    assert registry.cut(["First paragraph.", "Second."]) == "First paragraph. Second."


def test_cut_ends_long_text_at_a_word_with_an_ellipsis_within_the_limit():
    text = "word " * 100
    out = registry.cut(text, 23)
    assert out == "word word word word…"
    assert len(out) <= 23
    assert registry.cut("x" * 10, 10) == "x" * 10


def test_qualifiers_list_only_the_conditions_that_are_set(bundled):
    record = CellRecord(grade="partial", tier="enterprise", geography="EU")
    assert registry.qualifiers(cell(bundled, "soc2_type2", Origin.OFFERING, record)) == [
        ("tier", "enterprise"), ("geography", "EU")]
    assert registry.qualifiers(cell(bundled, "soc2_type2", Origin.NONE)) == []


def test_expiry_is_the_verified_date_plus_the_questions_freshness_judged_on_the_day_shown(bundled):
    dim = bundled.catalogue.get("soc2_type2")
    verified = dt.date(2026, 1, 10)
    c = cell(bundled, "soc2_type2", Origin.OFFERING, CellRecord(grade="yes_public", verified=verified))
    expires = verified + dt.timedelta(days=dim.freshness_days)
    assert registry.expiry(c, today=expires) == {"date": expires, "expired": False}
    assert registry.expiry(c, today=expires + dt.timedelta(days=1)) == {"date": expires, "expired": True}
    unverified = cell(bundled, "soc2_type2", Origin.OFFERING, CellRecord(grade="yes_public"))
    assert registry.expiry(unverified) is None
    assert registry.expiry(cell(bundled, "soc2_type2", Origin.NONE)) is None


def test_origin_text_names_the_graded_party_and_the_rule(bundled):
    o = offering(party("OpenAI", "openai"), party("Microsoft Azure", "azure"))
    soc2 = "soc2_type2"  # graded on the platform
    inherited = registry.origin_text(cell(bundled, soc2, Origin.PARTY, CellRecord(grade="no")), o)
    assert inherited.startswith("Recorded once for Microsoft Azure, the ") and "two-level rule" in inherited
    assert "overriding the cell recorded for Microsoft Azure" in registry.origin_text(
        cell(bundled, soc2, Origin.OVERRIDE, CellRecord(grade="no")), o)
    assert registry.origin_text(cell(bundled, soc2, Origin.NONE), o).startswith("Not reviewed yet.")
    developer = registry.origin_text(cell(bundled, "gpai_cop", Origin.PARTY, CellRecord(grade="no")), o)
    assert "Recorded once for OpenAI" in developer and "of its models" in developer


def test_role_subtitle_says_who_serves_the_model():
    openai, azure = party("OpenAI", "openai"), party("Microsoft Azure", "azure")
    assert registry.role_subtitle(offering(openai, openai, "first_party")) == "first-party API"
    assert registry.role_subtitle(offering(openai, azure, "first_party")) == (
        "OpenAI model, served by Microsoft Azure (first party)")
    assert registry.role_subtitle(offering(openai, azure)) == "OpenAI model, served by Microsoft Azure"


def test_group_size_counts_the_questions_of_a_group(bundled):
    cat = bundled.catalogue
    group = cat.dimensions[0].group
    assert registry.group_size(group, cat) == sum(1 for d in cat.dimensions if d.group == group) > 0
    assert registry.group_size("no-such-group", cat) == 0


def test_monitored_finds_what_the_monitor_knows_by_url_and_quote():
    source = SimpleNamespace(url="https://vendor.example/trust", quote="We do not train on your data.")
    known = {("https://vendor.example/trust", "We do not train on your data."): "found"}
    assert registry.monitored(known, source) == "found"
    assert registry.monitored(known, SimpleNamespace(url=source.url, quote="other")) is None
    assert registry.monitored(None, source) is None

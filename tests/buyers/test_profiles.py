"""A fit profile from the shareable query string or a preset; every problem names its field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trustreg.buyers import profiles
from trustreg.domain.fit import AVAILABLE, FactTest, Profile
from trustreg.domain.grades import Grade


def test_nothing_asked_is_no_profile_and_no_problem(bundled):
    assert profiles.profile_from_query({}, bundled.catalogue) == profiles.QueryProfile(None)
    assert profiles.profile_from_query({"r_hipaa_baa": "", "max_days": "30"}, bundled.catalogue).profile is None


def test_each_question_asked_becomes_a_requirement_in_catalogue_order(bundled):
    q = profiles.profile_from_query({"r_hipaa_baa": "any", "r_soc2_type2": "public"}, bundled.catalogue)
    assert q.problems == ()
    soc2, hipaa = q.profile.requirements
    assert (soc2.question, soc2.grades) == ("soc2_type2", (Grade.YES_PUBLIC,))
    assert (hipaa.question, hipaa.grades) == ("hipaa_baa", AVAILABLE)
    assert hipaa.label == bundled.catalogue.get("hipaa_baa").question


def test_eu_confines_residency_to_the_eu(bundled):
    (req,) = profiles.profile_from_query({"r_data_residency": "any", "eu": "1"}, bundled.catalogue).profile.requirements
    assert req.geography_mentions == "EU"
    (plain,) = profiles.profile_from_query({"r_data_residency": "any", "eu": "yes"}, bundled.catalogue).profile.requirements
    assert plain.geography_mentions is None


def test_max_days_accepts_zero_retention_or_retention_within_the_days(bundled):
    q = profiles.profile_from_query({"r_retention_zdr": "public", "max_days": " 30 "}, bundled.catalogue)
    (req,) = q.profile.requirements
    assert req.grades == (Grade.YES_PUBLIC, Grade.PARTIAL)
    assert req.any_of == (FactTest(fact="zdr_available", equals=True), FactTest(fact="retention_days", at_most=30))
    assert req.label == "Zero retention, or retention of at most 30 days"


def test_nda_0_forbids_a_soc2_report_behind_an_nda(bundled):
    (req,) = profiles.profile_from_query({"r_soc2_type2": "any", "nda": "0"}, bundled.catalogue).profile.requirements
    assert req.forbid == {"route": ("trust_center_nda",)}
    (plain,) = profiles.profile_from_query({"r_soc2_type2": "any"}, bundled.catalogue).profile.requirements
    assert plain.forbid == {}


def test_an_unknown_choice_is_a_problem_naming_the_field_and_no_profile(bundled):
    q = profiles.profile_from_query({"r_hipaa_baa": "<script>" + "x" * 100, "r_soc2_type2": "any"},
                                    bundled.catalogue)
    assert q.profile is None
    assert q.problems == ("r_hipaa_baa: '<script>xxxxxxxxxxxx' is not one of: any, public",)


@given(st.text(max_size=40).filter(lambda s: not (s.strip()[:12].isdigit() and int(s.strip()[:12]) <= 3650)
                                   and s.strip()))
def test_max_days_that_is_not_a_whole_number_of_days_in_range_is_a_problem(bundled, raw):
    q = profiles.profile_from_query({"r_retention_zdr": "any", "max_days": raw}, bundled.catalogue)
    assert q.profile is None
    assert q.problems == ("max_days: expected a whole number of days from 0 to 3650",)


def test_max_days_is_bounded(bundled):
    assert profiles.profile_from_query({"r_retention_zdr": "any", "max_days": "3650"}, bundled.catalogue).problems == ()
    assert profiles.profile_from_query({"r_retention_zdr": "any", "max_days": "3651"}, bundled.catalogue).problems
    assert profiles.profile_from_query({"r_retention_zdr": "any", "max_days": "9" * 5000},
                                       bundled.catalogue).problems


def test_a_preset_is_used_when_no_question_is_asked(bundled):
    q = profiles.profile_from_query({"preset": "zero-retention"}, bundled.catalogue)
    assert q.preset_id == "zero-retention"
    assert isinstance(q.profile, Profile) and q.profile == profiles.preset("zero-retention", bundled.catalogue)


def test_questions_asked_win_over_a_preset(bundled):
    q = profiles.profile_from_query({"preset": "zero-retention", "r_hipaa_baa": "any"}, bundled.catalogue)
    assert q.preset_id == ""
    assert [r.question for r in q.profile.requirements] == ["hipaa_baa"]


def test_an_unknown_preset_is_a_problem_naming_it_cut_to_its_limit(bundled):
    q = profiles.profile_from_query({"preset": "nope"}, bundled.catalogue)
    assert (q.profile, q.problems) == (None, ("preset: there is no preset 'nope'",))
    long = profiles.profile_from_query({"preset": "p" * 500}, bundled.catalogue)
    assert long.problems == (f"preset: there is no preset {'p' * 80!r}",)


def test_the_presets_come_from_the_fit_data_directory(bundled):
    ids = [p.id for p in profiles.presets(bundled.catalogue)]
    assert "phi-hipaa" in ids and "zero-retention" in ids
    assert all(profiles.preset(i, bundled.catalogue) is not None for i in ids)
    assert profiles.step_catalogue() is not None


@given(st.text(max_size=14))
def test_max_days_of_any_text_is_a_number_of_days_or_a_problem_naming_it_never_an_error(bundled, raw):
    # str.isdigit() holds for "²" and other digits int() cannot read.
    asked = profiles.profile_from_query({"r_retention_zdr": "any", "max_days": raw}, bundled.catalogue)
    if asked.problems:
        assert asked.problems == (f"max_days: expected a whole number of days from 0 to {profiles.MAX_DAYS_LIMIT}",)
    else:
        assert asked.profile is not None


def test_max_days_written_with_other_digits_than_ascii_is_refused(bundled):
    for raw in ("²", "٣٠", "３０"):
        asked = profiles.profile_from_query({"r_retention_zdr": "any", "max_days": raw}, bundled.catalogue)
        assert asked.problems and asked.problems[0].startswith("max_days:")

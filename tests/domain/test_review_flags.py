"""Review flags bundled with the data: read, validated against the registry, refused clearly."""

from __future__ import annotations

import pytest

from tests.history_helpers import REGISTRY_DIR, bundled
from trustreg.domain.bundle import BundleError
from trustreg.domain.review_flags import parse_review_flags, read_review_flags


def test_the_bundled_registry_carries_the_subprocessor_flag_the_gdpr_cell_refers_to():
    flags = read_review_flags(REGISTRY_DIR, bundled())
    assert [(f.offering, f.dimension) for f in flags] == [("azure-openai", "gdpr_dpa")]
    assert "subprocessor list" in flags[0].title and flags[0].key == "bundled:azure-openai-subprocessor-list"


@pytest.mark.parametrize(("text", "problem"), [
    ("flags: 5", "review-flags.yaml: flags: expected a list"),
    ("flags:\n  - {id: x, offering: nope, question: gdpr_dpa, raised: 2026-07-05, title: t, detail: d}",
     "flags[0].offering: there is no offering 'nope'"),
    ("flags:\n  - {id: x, offering: azure-openai, question: nope, raised: 2026-07-05, title: t, detail: d}",
     "flags[0].question: 'nope' is not a question"),
    ("flags:\n  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2999-01-01, title: t, detail: d}",
     "flags[0].raised: 2999-01-01 is in the future"),
    ("flags:\n  - {id: Bad Id, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: t, detail: d}",
     "flags[0].id:"),
    ("flags:\n  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: t}",
     "flags[0].detail: required field is missing"),
    ("flags:\n  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: t, detail: d}\n"
     "  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: t, detail: d}",
     "flags[1].id: 'x' is listed twice"),
])
def test_a_bad_flag_is_refused_naming_the_file_and_field(text, problem):
    with pytest.raises(BundleError) as exc:
        parse_review_flags(text, bundled())
    assert any(str(p).startswith(problem) or problem in str(p) for p in exc.value.problems), exc.value.problems


def test_every_problem_of_the_file_is_named_at_once_with_its_path_and_reason():
    text = ("flags:\n"
            "  - {id: Bad Id, offering: nope, question: nah, raised: 2999-01-01, title: '', colour: red}\n"
            "  - 3\n"
            "  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: t, detail: d}\n"
            "  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: null, title: t, detail: d}\n")
    with pytest.raises(BundleError) as exc:
        parse_review_flags(text, bundled())
    assert [str(p) for p in exc.value.problems] == [
        "review-flags.yaml: flags[0].colour: unknown field (allowed: detail, id, offering, question, raised, title)",
        "review-flags.yaml: flags[0].detail: required field is missing",
        "review-flags.yaml: flags[0].id: 'Bad Id' is not an id (a-z, 0-9, -)",
        "review-flags.yaml: flags[0].offering: there is no offering 'nope' in the registry",
        "review-flags.yaml: flags[0].question: 'nah' is not a question of the catalogue",
        "review-flags.yaml: flags[0].raised: 2999-01-01 is in the future",
        "review-flags.yaml: flags[0].title: must not be empty",
        "review-flags.yaml: flags[1]: expected a mapping, got a number (3)",
        "review-flags.yaml: flags[3].id: 'x' is listed twice",
        "review-flags.yaml: flags[3].raised: expected a date YYYY-MM-DD, got nothing",
    ]


def test_a_flags_text_is_kept_without_the_spaces_around_it():
    text = "flags:\n  - {id: x, offering: azure-openai, question: gdpr_dpa, raised: 2026-07-05, title: ' t ', detail: d}\n"
    (flag,) = parse_review_flags(text, bundled())
    assert (flag.dimension, flag.title, flag.key) == ("gdpr_dpa", "t", "bundled:x")

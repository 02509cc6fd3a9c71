"""`trustreg fit`: a profile file or a preset in, verdicts and steps out, grep-like exit status."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        call_command("fit_check", *args)
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_a_profile_file_is_checked_and_the_exit_status_says_whether_anything_meets(loaded, capsys, tmp_path):
    profile = tmp_path / "eu.yaml"
    profile.write_text("title: EU residency\nrequirements:\n  - question: data_residency\n"
                       "    geography_mentions: EU\n", encoding="utf-8")
    code, out, _ = _run(capsys, str(profile))
    assert "EU residency" in out
    assert "MEETS AFTER STEPS  Azure OpenAI Service (azure-openai)" in out
    assert "step 1 [Residency]: Configure it yourself" in out
    assert code == 0


def test_nothing_meeting_exits_1(loaded, capsys, tmp_path):
    profile = tmp_path / "strict.yaml"
    profile.write_text("requirements:\n  - question: iso_42001\n    grades: [yes_public]\n"
                       "  - question: hipaa_baa\n    grades: [yes_public]\n"
                       "  - question: art53_summary\n    grades: [yes_public]\n", encoding="utf-8")
    code, out, _ = _run(capsys, str(profile))
    assert "Meets: 0, Meets after steps: 0" in out
    assert code == 1


def test_a_bad_profile_exits_2_naming_the_file_and_field(loaded, capsys, tmp_path):
    profile = tmp_path / "bad.yaml"
    profile.write_text("requirements:\n  - question: hipaa_baa\n    grades: [maybe]\n", encoding="utf-8")
    code, _, err = _run(capsys, str(profile))
    assert code == 2
    assert f"{profile}: requirements.0.grades.0:" in err


def test_a_deeply_nested_profile_is_refused_not_crashed(loaded, capsys, tmp_path):
    profile = tmp_path / "deep.yaml"
    profile.write_text("requirements: " + "[" * 30000 + "]" * 30000 + "\n", encoding="utf-8")
    code, _, err = _run(capsys, str(profile))
    assert code == 2
    assert str(profile) in err


def test_an_unknown_preset_lists_the_known_ones(loaded, capsys):
    code, _, err = _run(capsys, "--preset", "nope")
    assert code == 2
    assert "phi-eu-zero-retention" in err


def test_the_allow_list_flag_prints_json(loaded, capsys):
    code, out, _ = _run(capsys, "--preset", "eu-personal-data", "--allow-list")
    doc = json.loads(out)
    assert doc["profile"]["id"] == "eu-personal-data"
    assert code == (0 if doc["allow"] else 1)

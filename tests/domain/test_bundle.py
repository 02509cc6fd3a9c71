"""Data files: every problem is named by file, field and reason; valid files round-trip losslessly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.domain import strategies
from trustreg.domain import yamlio
from trustreg.domain.bundle import BundleError, parse_files, read_dir

DATA = Path(__file__).resolve().parents[2] / "data" / "registry"


def files_of(directory: Path = DATA) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): p.read_bytes().decode("utf-8")
            for p in directory.rglob("*") if p.suffix in (".yaml", ".txt") and "history" not in p.parts}


def problems_for(files: dict[str, str]) -> list[str]:
    with pytest.raises(BundleError) as exc:
        parse_files(files)
    return [str(p) for p in exc.value.problems]


def with_offering(files: dict[str, str], name: str, mutate) -> dict[str, str]:  # noqa: ANN001
    data = yamlio.load(files[name])
    mutate(data)
    return {**files, name: yamlio.dump(data)}


def test_the_bundled_registry_is_valid():
    bundle = read_dir(DATA)
    assert {o.id for o in bundle.offerings} >= {"azure-openai", "openai-api", "gemini-vertex", "claude-vertex",
                                                 "mistral-la-plateforme", "anthropic-api"}
    assert len(bundle.catalogue.dimensions) == 11


def test_it_names_the_file_and_line_of_malformed_yaml():
    files = {**files_of(), "offerings/azure-openai.yaml": "id: [unclosed\n"}
    (problem,) = [p for p in problems_for(files) if p.startswith("offerings/azure-openai.yaml")]
    assert "malformed YAML" in problem and "line " in problem


def test_it_refuses_an_unknown_dimension():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: d["cells"].update({"fedramp": {"grade": "yes_public"}}))
    assert any(p.startswith("offerings/azure-openai.yaml: cells.fedramp: unknown dimension")
               for p in problems_for(files))


def test_it_refuses_an_unknown_grade():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: d["cells"]["retention_zdr"].update(grade="maybe"))
    assert any("offerings/azure-openai.yaml: cells.retention_zdr.grade: text 'maybe' is not one of" in p
               for p in problems_for(files))


def test_it_refuses_a_fact_the_dimension_does_not_allow():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: d["cells"]["retention_zdr"]["facts"].update(report_cadence="x"))
    assert any(p.startswith("offerings/azure-openai.yaml: cells.retention_zdr.facts.report_cadence: fact "
                            "'report_cadence' is not allowed") for p in problems_for(files))


def test_it_refuses_a_fact_of_the_wrong_type():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: d["cells"]["retention_zdr"]["facts"].update(retention_days="thirty"))
    assert any(p.startswith("offerings/azure-openai.yaml: cells.retention_zdr.facts.retention_days: expected a "
                            "whole number") for p in problems_for(files))


def test_it_refuses_duplicate_offering_ids():
    files = files_of()
    files["offerings/azure-openai-copy.yaml"] = files["offerings/azure-openai.yaml"]
    problems = problems_for(files)
    assert any("duplicate offering id 'azure-openai'" in p for p in problems)
    assert any(p.startswith("offerings/azure-openai-copy.yaml: id:") and "must match the file name" in p
               for p in problems)


def test_it_refuses_an_offering_naming_an_unknown_party():
    files = with_offering(files_of(), "offerings/openai-api.yaml", lambda d: d.update(platform="nobody"))
    assert "offerings/openai-api.yaml: platform: unknown party 'nobody' (no parties/nobody.yaml)" in problems_for(files)


def test_it_refuses_an_override_without_a_reason():
    files = with_offering(files_of(), "offerings/mistral-azure.yaml",
                          lambda d: d["cells"]["retention_zdr"].pop("override_reason"))
    assert any(p.startswith("offerings/mistral-azure.yaml: cells.retention_zdr.override_reason: microsoft-azure records this")
               for p in problems_for(files))


def test_it_refuses_a_scope_entry_with_nothing_to_inherit():
    files = with_offering(files_of(), "offerings/anthropic-api.yaml",
                          lambda d: d["cells"].update({"retention_zdr": {"notes": "scope"}}))
    assert any(p.startswith("offerings/anthropic-api.yaml: cells.retention_zdr: an entry without a grade adds scope")
               for p in problems_for(files))


def test_it_refuses_unknown_fields_and_lists_every_problem_at_once():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: (d.update(colour="blue"), d["cells"]["retention_zdr"].update(grade="x")))
    problems = problems_for(files)
    assert any(p.startswith("offerings/azure-openai.yaml: colour: unknown field") for p in problems)
    assert any(p.startswith("offerings/azure-openai.yaml: cells.retention_zdr.grade:") for p in problems)


def test_it_refuses_oversized_text():
    files = with_offering(files_of(), "offerings/azure-openai.yaml",
                          lambda d: d["cells"]["retention_zdr"].update(notes="x" * 30_000))
    assert any("cells.retention_zdr.notes: text is 30000 characters, the limit is 20000" in p
               for p in problems_for(files))


def test_it_refuses_a_source_described_two_ways():
    def mutate(d):
        d["cells"]["retention_zdr"]["sources"][0]["kind"] = "blog"
    problems = problems_for(with_offering(files_of(), "offerings/azure-openai.yaml", mutate))
    assert any("is described differently" in p for p in problems)


def test_yaml_1_2_keeps_no_as_text():
    assert yamlio.load("a: no\nb: NO\nc: off\n") == {"a": "no", "b": "NO", "c": "off"}


def test_a_directory_that_is_not_there_is_a_clear_problem(tmp_path):
    with pytest.raises(BundleError) as exc:
        read_dir(tmp_path / "missing")
    assert "not a directory" in str(exc.value)


def with_text(files: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in files[name]
    return {**files, name: files[name].replace(old, new, 1)}


def test_it_refuses_deep_nesting_in_a_data_file_before_parsing_it_and_says_where():
    files = with_text(files_of(), "offerings/azure-openai.yaml", "\ncells:", "\nextra:\n  x: " + "[" * 200 + "\ncells:")
    (problem,) = problems_for(files)
    assert problem.startswith("offerings/azure-openai.yaml: line ") and "nested deeper than 64 levels" in problem


def test_it_refuses_anchors_and_aliases_in_a_data_file():
    files = with_text(files_of(), "offerings/azure-openai.yaml", "\ncells:", "\nextra:\n  a: &a [1]\n  b: *a\ncells:")
    (problem,) = problems_for(files)
    assert problem.startswith("offerings/azure-openai.yaml: line ") and "anchors and aliases" in problem


def test_impossible_dates_and_endless_numbers_are_problems_at_their_field():
    name = "offerings/azure-openai.yaml"
    files = with_text(files_of(), name, "\ncells:", "\nextra:\n  n: " + "9" * 4301 + "\ncells:")
    files = with_text(files, name, "verified: 20", "verified: 2026-02-30 # 20")
    problems = problems_for(files)
    assert any(p.startswith(f"{name}: extra.n: unsupported value 999") and "4301 digits is too long" in p
               for p in problems), problems
    assert any(p.startswith(f"{name}: cells.") and ".verified: expected a date YYYY-MM-DD, got 2026-02-30 (not a "
               "date on the calendar" in p for p in problems), problems


hostile_pieces = strategies.st.sampled_from(
    ["[", "]", "{", "}", "- ", ": ", "&a ", "*a", "'", '"', "\n", "\n  ", "#", "|", "2026-02-30", "9" * 4400,
     "0x" + "f" * 4000, ".nan", "!!binary ", "? ", "---\n", "\t", "\x00", "é"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=strategies.st.integers(0, 10_000), pieces=strategies.st.lists(hostile_pieces, max_size=40),
       repeat=strategies.st.integers(1, 3_000))
def test_a_data_file_with_hostile_text_anywhere_gives_problems_never_a_crash(where, pieces, repeat):
    files = files_of()
    text = files["offerings/azure-openai.yaml"]
    where %= len(text)
    hostile = "".join(pieces) * (repeat if len("".join(pieces)) * repeat < 200_000 else 1)
    files["offerings/azure-openai.yaml"] = text[:where] + hostile + text[where:]
    try:
        parse_files(files)
    except BundleError as exc:
        assert all(str(p).count(": ") >= 1 for p in exc.problems)


def test_a_party_cell_with_a_problem_is_reported_once_not_again_on_the_offerings_that_override_it():
    files = with_offering(files_of(), "parties/anthropic.yaml", lambda d: d["cells"]["hipaa_baa"].update(route="NO"))
    assert problems_for(files) == [
        "parties/anthropic.yaml: cells.hipaa_baa.route: 'NO' is not a qualifier value (lower case, digits, _)"]

"""Many YAML files parsed in worker processes give what one process gives, file by file, in order."""

from __future__ import annotations

import pytest

from trustreg.domain import nesting, yamlio, yamlpool

TEXTS = {
    **{f"offerings/o{i:03d}.yaml": f"id: o{i:03d}\nname: Offering {i}\nsince: 2026-03-0{1 + i % 9}\n" for i in range(30)},
    "offerings/bad.yaml": "id: [unclosed\n",
    "offerings/deep.yaml": "a: " + "[" * (nesting.MAX_DEPTH + 5) + "]" * (nesting.MAX_DEPTH + 5) + "\n",
    "offerings/alias.yaml": "a: &x 1\nb: *x\n",
    "offerings/zzz.yaml": "id: zzz\n",
}


def _here(text: str) -> tuple[object, str | None]:
    try:
        return yamlio.load(text), None
    except yamlio.YamlProblem as exc:
        return None, str(exc)


def _forks(monkeypatch) -> list[str]:  # noqa: ANN001 - pytest fixture
    started: list[str] = []
    real = yamlpool.multiprocessing.get_context

    def get_context(method: str):  # noqa: ANN202
        started.append(method)
        return real(method)

    monkeypatch.setattr(yamlpool.multiprocessing, "get_context", get_context)
    return started


def test_files_parsed_by_two_workers_give_the_data_and_problems_one_process_gives_in_the_same_order(monkeypatch):
    started = _forks(monkeypatch)
    parsed = yamlpool.load_many(TEXTS, workers=2, parallel_from=1)
    assert started == ["fork"]
    assert list(parsed) == list(TEXTS)
    assert [(p.data, p.problem) for p in parsed.values()] == [_here(t) for t in TEXTS.values()]


def test_a_worker_keeps_the_parse_bounds_and_names_no_other_file():
    parsed = yamlpool.load_many(TEXTS, workers=2, parallel_from=1)
    problems = {rel: p.problem for rel, p in parsed.items() if p.problem is not None}
    assert set(problems) == {"offerings/bad.yaml", "offerings/deep.yaml", "offerings/alias.yaml"}
    assert f"nested deeper than {nesting.MAX_DEPTH} levels" in problems["offerings/deep.yaml"]
    assert "malformed YAML" in problems["offerings/bad.yaml"]


def test_few_files_are_parsed_here_without_starting_workers(monkeypatch):
    monkeypatch.setattr(yamlpool.multiprocessing, "get_context", pytest.fail)
    parsed = yamlpool.load_many(TEXTS)  # fewer than PARALLEL_FROM
    assert [(p.data, p.problem) for p in parsed.values()] == [_here(t) for t in TEXTS.values()]

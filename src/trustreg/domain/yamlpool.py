"""Many YAML files parsed in worker processes: a large registry's files read on every core.

Parsing is most of ``read_dir``'s time (about 21 s CPU of ``trustreg load``'s at 20,000 offering
files, docs/benchmarks.md, "Scale") and each file parses alone, so from ``PARALLEL_FROM`` files on
they are parsed by ``WORKERS`` forked processes, in batches, with ``yamlio.load`` and its bounds.
What comes back is what one process would have found, file by file and in the order given: the data,
or the problem that names the file; nothing else (no database, no state) is touched in a worker.
Below ``PARALLEL_FROM`` files, or where processes cannot be forked, the files are parsed here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from typing import Any

from trustreg.domain import yamlio

WORKERS = 2  # the deployment's machine has two cores
PARALLEL_FROM = 1000  # files: below, starting the workers costs more than they save
BATCH = 250  # files a task: few round trips, and the workers stay evenly busy to the end


class Parsed:
    """One file's outcome: its data, or the problem that kept it from parsing (``problem`` set)."""

    __slots__ = ("data", "problem")

    def __init__(self, data: Any = None, problem: str | None = None) -> None:
        self.data, self.problem = data, problem


def _parse(batch: list[str]) -> list[tuple[Any, str | None]]:
    out: list[tuple[Any, str | None]] = []
    for text in batch:
        try:
            out.append((yamlio.load(text), None))
        except yamlio.YamlProblem as exc:
            out.append((None, str(exc)))
    return out


def load_many(texts: Mapping[str, str], *, workers: int | None = None,
              parallel_from: int | None = None) -> dict[str, Parsed]:
    """Each text parsed, keyed as given and in the same order (``WORKERS`` and ``PARALLEL_FROM``
    unless given)."""
    workers = WORKERS if workers is None else workers
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    keys = list(texts)
    workers = min(workers, os.cpu_count() or 1)
    if len(keys) < max(parallel_from, 2) or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = _parse([texts[k] for k in keys])
    else:
        size = min(BATCH, -(-len(keys) // workers))  # every worker has a share, however few the files
        batches = [[texts[k] for k in keys[i:i + size]] for i in range(0, len(keys), size)]
        # fork: the workers need nothing the parent has not already imported, and a worker ends
        # with os._exit, so the parent's open database connection is never closed or used by it.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = [r for done in pool.imap(_parse, batches) for r in done]
    return {k: Parsed(data, problem) for k, (data, problem) in zip(keys, results, strict=True)}

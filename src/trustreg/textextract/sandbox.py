"""Run an in-process parser in a child under a CPU and memory limit, with a wall-clock backstop.

Hostile HTML costs the parsers superlinear time (100,000 nested ``<div>`` took ~50 s) and can
allocate without bound, and a parser written in C can crash; none of that may take a monitor batch
or a web worker with it. The child is forked from a *forkserver* that has imported the parsers once
(single-threaded, so forking is safe even from a threaded monitor), which costs milliseconds where a
fresh interpreter would cost a second; it limits itself, parses, and sends back the result.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any

from trustreg.textextract.base import WALL_CLOCK_MARGIN, ExtractionError, cpu_limit_seconds

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # address space: the parsers' libraries alone map a few hundred MB
PRELOAD = ["trustreg.textextract._warm"]  # imported once, by the server

_context: ForkServerContext | None = None
_lock = threading.Lock()


def _forkserver() -> ForkServerContext:
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _child(conn: Connection, parse: Callable[..., Any], data: bytes, kwargs: dict[str, Any], memory: int,
           cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        conn.send(("ok", parse(data, **kwargs)))
    except ExtractionError as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("refused", "the parser ran out of its memory limit"))
    except Exception as exc:  # noqa: BLE001 - any crash of the parser is a parser failure
        conn.send(("refused", f"parser failure: {type(exc).__name__}"))
    finally:
        conn.close()


def run_limited(
    parse: Callable[..., Any], data: bytes, *, what: str, timeout: float, memory: int = MEMORY_LIMIT_BYTES,
    **kwargs: Any,
) -> Any:
    """``parse(data, **kwargs)`` in a limited child; ExtractionError saying why when it fails.
    ``timeout`` is the parse's CPU time; the wall clock stops it at ``WALL_CLOCK_MARGIN`` times that.

    ``parse`` must be a module-level function (it is sent to the child by name).
    """
    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, parse, data, kwargs, memory, cpu_limit_seconds(timeout)), daemon=True
    )
    try:
        child.start()
        sender.close()
        wall = timeout * WALL_CLOCK_MARGIN
        if not receiver.poll(wall):
            raise ExtractionError(f"timed out: the {what} parser took longer than {wall:g} s")
        outcome, value = receiver.recv()
    except EOFError:
        child.join(1)
        if child.exitcode == -signal.SIGXCPU:
            raise ExtractionError(f"timed out: the {what} parser used more than its {cpu_limit_seconds(timeout)} s of CPU") from None
        raise ExtractionError(
            f"parser failure: the {what} parser stopped (exit status {child.exitcode}; out of its CPU or memory "
            "limit, or crashed)"
        ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
        receiver.close()
    if outcome != "ok":
        raise ExtractionError(value if value.split(":", 1)[0] in _REASONS else f"parser failure: {value}")
    return value


_REASONS = ("too large", "timed out", "not text", "unknown encoding", "parser failure")

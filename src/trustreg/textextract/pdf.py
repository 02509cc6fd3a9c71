"""PDF: pypdf in a child process with a CPU-time limit (a wall-clock backstop) and an address-space limit.

Crafted PDFs make pypdf loop forever or allocate without bound (several 2026 advisories), so the
parse never runs in our process: the child sets its own memory and CPU limits before importing
pypdf, reads the bytes from stdin and writes JSON to stdout. We kill it when the time is up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from trustreg.textextract.base import (
    EXTRACTOR_VERSION,
    MAX_TITLE,
    WALL_CLOCK_MARGIN,
    Extracted,
    ExtractionError,
    cpu_limit_seconds,
)
from trustreg.textextract.decode import paragraphs

MEMORY_LIMIT_BYTES = 768 * 1024 * 1024
MAX_OUTPUT_CHARS = 10_000_000
MAX_PAGES = 2_000

# Tests replace this to simulate a parser that hangs or explodes.
WORKER_COMMAND: list[str] = [sys.executable, "-I", "-m", "trustreg.textextract._pdf_worker"]


def extract_pdf(data: bytes, *, timeout: float = 10.0) -> Extracted:
    """The PDF's text; ``timeout`` is the parse's CPU time (the wall clock stops it at
    ``WALL_CLOCK_MARGIN`` times that, for a child that waits without using CPU)."""
    env = {
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "TRUSTREG_PDF_MEMORY_LIMIT": str(MEMORY_LIMIT_BYTES),
        "TRUSTREG_PDF_CPU_SECONDS": str(cpu_limit_seconds(timeout)),
        "TRUSTREG_PDF_MAX_PAGES": str(MAX_PAGES),
        "TRUSTREG_PDF_MAX_CHARS": str(MAX_OUTPUT_CHARS),
    }
    try:
        done = subprocess.run(  # noqa: S603 - fixed command, input on stdin
            WORKER_COMMAND,
            input=data,
            capture_output=True,
            timeout=timeout * WALL_CLOCK_MARGIN,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"timed out: the PDF parser took longer than {timeout * WALL_CLOCK_MARGIN:g} s") from None
    except OSError as exc:
        raise ExtractionError(f"parser failure: could not start the PDF parser ({exc.strerror})") from None
    if done.returncode != 0:
        reason = _reason(done.stderr, done.returncode, timeout)
        raise ExtractionError(reason if reason.startswith("timed out") else f"parser failure: {reason}")
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ExtractionError("parser failure: the PDF parser returned malformed output") from None
    pages = result.get("pages") or []
    text = paragraphs([line for page in pages for line in _page_lines(page)])
    if not text:
        raise ExtractionError("not text: the PDF has no extractable text (scanned images?)")
    metadata = {k: v for k, v in (result.get("metadata") or {}).items() if isinstance(v, str) and v}
    title = metadata.pop("title", "") or text.split("\n", 1)[0]
    return Extracted(
        text=text,
        title=title[:MAX_TITLE],
        media="pdf",
        metadata=metadata,
        extractor=f"pypdf/{result.get('pypdf_version', '?')} textextract/{EXTRACTOR_VERSION}",
    )


def _page_lines(page: str) -> list[str]:
    """pypdf breaks lines inside paragraphs; join lines unless one ends a sentence or is short."""
    lines = [line.strip() for line in page.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("")
            continue
        if out and out[-1] and not out[-1].endswith((".", ":", ";", "?", "!")) and len(out[-1]) > 60:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def _reason(stderr: bytes, returncode: int, timeout: float) -> str:
    last = stderr.decode("utf-8", "replace").strip().splitlines()
    message = last[-1] if last else ""
    if "MemoryError" in message or returncode in (-9, 137):
        return "the PDF parser ran out of its memory limit (crafted or oversized PDF?)"
    if returncode == -24:  # SIGXCPU
        return f"timed out: the PDF parser used more than its {cpu_limit_seconds(timeout)} s of CPU"
    if message.startswith("ERROR "):
        return message[len("ERROR ") :][:300]
    return f"the PDF parser exited with status {returncode}"

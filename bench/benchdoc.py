"""docs/benchmarks.md: each benchmark owns one "## " section and replaces only that one."""

from __future__ import annotations

from pathlib import Path

HEADER = ("# Benchmarks\n\nFigures measured on this project's machine; each section is written by its "
          "benchmark command and replaced when it runs again.\n")


def replace_section(doc: Path, heading: str, text: str) -> None:
    """Put ``text`` (starting with ``heading``) in place of that section, or append it."""
    current = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    start = current.find(heading + "\n")
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        nxt = current.find("\n## ", start + len(heading))
        updated = current[:start] + text + ("\n" + current[nxt + 1:] if nxt != -1 else "")
    doc.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def shown_at_most(value: float, aim: float, digits: int) -> tuple[str, bool]:
    """``value`` as a table shows it, with ``digits`` decimals, and whether that shown figure is at
    most ``aim``. The verdict is read off the figure the reader sees, never the unrounded value, so a
    row cannot say "1.10x" and "missed" against "≤ 1.1x"."""
    text = f"{value:.{digits}f}"
    return text, float(text) <= aim

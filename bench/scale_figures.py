"""How the scale section shows and judges a figure: each verdict on the figure as it is shown."""

from __future__ import annotations

from benchdoc import shown_at_most


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def ratio_of(a: float, b: float) -> float:
    return a / b if b else float("inf")


# The targets table shows a ratio with two decimals ("1.10x") and a rate as a fraction with one
# ("1/9.9"); each verdict compares the figure shown, so what is read and what is judged agree.
RATIO_DIGITS = 2
FRACTION_DIGITS = 1
SECONDS_DIGITS = 1


def ratio(x: float, aim: float) -> tuple[str, bool]:
    """A ratio's cell of the targets table ("1.10x") and whether it meets ``≤ aim``."""
    figure, ok = shown_at_most(x, aim, RATIO_DIGITS)
    return f"{figure}x", ok

"""The health history as an inline SVG line chart: coordinates computed here, drawn by the template.

No script and no external file: the chart is markup the page carries (the CSP allows no more).
"""

from __future__ import annotations

from dataclasses import dataclass

from trustreg.health.selectors import HealthPoint

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 36

# (attribute of CellFigures, legend, colour): each as a share of all cells, 0-100 %.
SERIES = (
    ("graded", "Cells graded", "#1b6e3a"),
    ("primary_quote_in_copy", "Primary quote found in a kept copy", "#1f4e9c"),
    ("secondary_only", "Secondary-only", "#b36b00"),
    ("expired", "Evidence expired", "#a4262c"),
)


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: str  # the polyline's "x,y x,y ..."
    dots: list[tuple[float, float, str]]  # x, y and the value as text, for each point
    latest: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    baseline: float
    left: float
    right: float


def _x(i: int, n: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * i / (n - 1) if n > 1 else span / 2), 1)


def _y(share: float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - share / 100), 1)


def health_chart(points: list[HealthPoint]) -> Chart:
    n = len(points)
    lines = []
    for attr, label, colour in SERIES:
        shares = [p.figures.share(getattr(p.figures, attr)) for p in points]
        coords = [(_x(i, n), _y(v)) for i, v in enumerate(shares)]
        lines.append(Line(label, colour, " ".join(f"{x},{y}" for x, y in coords),
                          [(x, y, f"{v:g} %") for (x, y), v in zip(coords, shares, strict=True)],
                          shares[-1] if shares else 0.0))
    return Chart(
        WIDTH, HEIGHT, lines,
        x_labels=[(_x(i, n), p.day.strftime("%b %Y") if i < n - 1 else "today") for i, p in enumerate(points)],
        y_ticks=[(_y(v), f"{v} %") for v in (0, 25, 50, 75, 100)],
        baseline=_y(0), left=LEFT, right=WIDTH - RIGHT,
    )

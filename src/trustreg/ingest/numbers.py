"""Durations as policies write them: "30 days", "thirty (30) days", "up to 2 years", "7 to 14 days".

Legal text writes numbers as words, often followed by the digits in brackets; both must agree
with what a maintainer reads, so the bracketed digits win when they are present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_WORD = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS, *_SCALES], key=len, reverse=True))
# "thirty", "twenty-four", "one hundred and twenty"
WORD_NUMBER = rf"(?:(?:{_WORD})(?:(?:[\s\-]+|\s+and\s+)(?:{_WORD})){{0,6}})"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d+)?"
# A number: digits, or words optionally followed by the digits in brackets ("thirty (30)").
NUMBER = rf"(?:{DIGITS}|\b{WORD_NUMBER}\b(?:\s*\(\s*{DIGITS}\s*\))?)"

UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_UNIT = r"(?:(?:calendar|business|working)\s+)?(?P<unit{n}>hours?|hrs?|days?|weeks?|months?|years?)\b"

_SINGLE = re.compile(rf"(?P<a>{NUMBER})(?:\s*-\s*|\s+){_UNIT.format(n='')}", re.IGNORECASE)
_RANGE = re.compile(
    rf"(?:between\s+)?(?P<a>{NUMBER})\s*(?:-|–|—|to|and)\s*(?P<b>{NUMBER})(?:\s*-\s*|\s+){_UNIT.format(n='')}",
    re.IGNORECASE,
)
_A_UNIT = re.compile(r"\b(?:a|one|an)\s+(?P<unit>year|month|week|day)\b", re.IGNORECASE)


def words_to_int(text: str) -> int | None:
    """``"one hundred and twenty"`` -> 120; None when the text is not a number in words."""
    tokens = [t for t in re.split(r"[\s\-]+", text.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    current = 0
    for token in tokens:
        if token in _UNITS_WORDS:
            current += _UNITS_WORDS[token]
        elif token in _TENS_WORDS:
            current += _TENS_WORDS[token]
        elif token == "hundred":  # noqa: S105 - a number word, not a secret
            current = max(current, 1) * 100
        elif token == "thousand":  # noqa: S105
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


def parse_number(text: str) -> float | None:
    """A number as written: ``"30"``, ``"1,000"``, ``"thirty"``, ``"thirty (30)"`` (brackets win)."""
    text = text.strip()
    bracket = re.search(rf"\(\s*({DIGITS})\s*\)", text)
    if bracket:
        text = bracket.group(1)
    if re.fullmatch(DIGITS, text):
        return float(text.replace(",", ""))
    value = words_to_int(text)
    return float(value) if value is not None else None


@dataclass(frozen=True)
class Duration:
    low: float  # in ``unit``
    high: float
    unit: str  # hour, day, week, month, year
    start: int
    end: int

    @property
    def days_high(self) -> int:
        return _days(self.high, self.unit)

    @property
    def days_low(self) -> int:
        return _days(self.low, self.unit)

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def _days(value: float, unit: str) -> int:
    """Days in ``value`` units; whole years written in months count as years ("12 months" is 365)."""
    if unit == "month" and value >= 12 and value % 12 == 0:
        return round(value / 12 * UNIT_DAYS["year"])
    return round(value * UNIT_DAYS[unit])


def _unit(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith("h"):
        return "hour"
    return raw.rstrip("s")


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``, ranges as one duration, in order of appearance."""
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        low, high = parse_number(match.group("a")), parse_number(match.group("b"))
        if low is None or high is None or low > high:
            continue
        found.append(Duration(low, high, _unit(match.group("unit")), match.start(), match.end()))
        taken.append((match.start(), match.end()))
    for match in _SINGLE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        value = parse_number(match.group("a"))
        if value is None:
            continue
        found.append(Duration(value, value, _unit(match.group("unit")), match.start(), match.end()))
        taken.append((match.start(), match.end()))
    for match in _A_UNIT.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        found.append(Duration(1, 1, _unit(match.group("unit")), match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)

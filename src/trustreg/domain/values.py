"""What a value is, in the words of an error message, and the day a date value gives.

The lowest rules of the domain: the catalogue, the field rules and the records all use them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trustreg.domain import yamlio


def fact_date(value: Any) -> dt.date | None:
    """The day a date fact gives: a date (not a date and time) or text YYYY-MM-DD; None otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def describe_value(value: Any) -> str:
    """A short, safe description of a value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, yamlio.Unreadable):
        return repr(value)
    return type(value).__name__

"""Facts typed into a text box (workbench forms, public corrections), read as their catalogue type."""

from __future__ import annotations

from typing import Any

from trustreg.domain.catalogue import FactType


def parse_fact(text: str, fact_type: FactType) -> Any:
    """A fact typed in a text box, as the type the catalogue says (ValueError when it is not)."""
    text = text.strip()
    if fact_type is FactType.BOOLEAN:
        if text.lower() in ("true", "yes"):
            return True
        if text.lower() in ("false", "no"):
            return False
        raise ValueError("expected true or false")
    if fact_type is FactType.INTEGER:
        return int(text)
    if fact_type is FactType.NUMBER:
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if fact_type is FactType.STRING_LIST:
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    return text


def fact_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)

"""Finding a cited quote in the text kept of a source.

A quote is "found" when its normalised form occurs in the normalised text. Normalisation is
deliberately narrow so that "verbatim" keeps its meaning:

- Unicode NFKC (ligatures, full-width forms and no-break spaces become their plain forms);
- typographic quotes, apostrophes and dashes become their ASCII forms (pages and editors swap
  them freely);
- soft hyphens and zero-width characters are dropped (invisible, inserted by CMSs);
- every run of whitespace (including line breaks from PDF or HTML extraction) is one space.

Case is *kept*: "are NOT available" and "are not available" are different quotes; a casefolded
match would let an editor quote text the source never printed in that form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_SPACE = re.compile(r"\s+")

# A quote shorter than this (after normalisation) proves nothing: "yes" is on every page.
MIN_QUOTE_CHARS = 8


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip()


def quote_found(quote: str, text: str) -> bool:
    """Whether ``quote`` occurs in ``text`` under the normalisation above."""
    return quote_finder(text)(quote)


def quote_finder(text: str) -> Callable[[str], bool]:
    """``quote_found`` for many quotes in one text (the monitor's case): ``text`` is normalised once."""
    haystack = normalise(text)

    def found(quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in haystack

    return found


def quote_problem(quote: str, text: str) -> str | None:
    """Why ``quote`` cannot be published against ``text``, or None when it can."""
    needle = normalise(quote)
    if len(needle) < MIN_QUOTE_CHARS:
        return f"the quote is too short to identify a passage (at least {MIN_QUOTE_CHARS} characters)"
    if needle not in normalise(text):
        return (
            "the quote was not found in the snapshot's text (checked with whitespace and Unicode normalised)"
        )
    return None

"""Is a cited quote still on the page? Matching that forgives typography, not wording.

Pages are re-rendered all the time: curly quotes become straight, non-breaking spaces appear, a
line wraps differently, a soft hyphen is inserted. None of that means the vendor changed what it
says, so both sides are normalised (Unicode NFKC, quotes/dashes/spaces unified, invisible
characters dropped, whitespace collapsed) before a plain substring test. Case and words still count.
"""

from __future__ import annotations

import re
import unicodedata

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
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_SPACE = re.compile(r"\s+")
MAX_QUOTE_CHARS = 5_000


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip()


def quote_present(quote: str, text: str | None, *, normalised: bool = False) -> bool:
    """True when the normalised quote occurs in the normalised text. An empty quote proves nothing.

    Pass `normalised=True` when `text` is already `normalise(...)`d (checking many quotes on a page).
    """
    wanted = normalise(quote[:MAX_QUOTE_CHARS])
    if not wanted or text is None:
        return False
    # Ellipses in a quote mark omitted words: every fragment must be present, in order.
    fragments = [f.strip() for f in re.split(r"\s*(?:\.\.\.|\u2026)\s*", wanted) if f.strip()]
    haystack = text if normalised else normalise(text)
    position = 0
    for fragment in fragments:
        found = haystack.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True

"""Bytes to str: BOM, then the declared charset, then UTF-8; binary garbage is refused.

No guessing beyond that: a silently mis-decoded page would put wrong quotes in the registry, so an
unknown encoding is an error the maintainer sees, not mojibake.
"""

from __future__ import annotations

import codecs
import re

from trustreg.textextract.base import ExtractionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]{1,40})""", re.IGNORECASE)
# Controls other than tab, LF, CR, FF are rare in real text; many of them mean binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_RATIO = 0.01


def decode(data: bytes, *, charset: str | None = None, sniff_html_meta: bool = False) -> tuple[str, str]:
    """The text and the name of the encoding used."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom) :], encoding), encoding), encoding
    if b"\x00" in data[:8192]:
        raise ExtractionError("not text: the data contains NUL bytes (binary file?)")
    declared = charset
    if declared is None and sniff_html_meta:
        match = _META_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii").lower()
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise ExtractionError(f"unknown encoding: declared charset {declared!r} is not known") from None
        # Servers often say ISO-8859-1 and mean windows-1252 (the WHATWG rule).
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"
        try:
            return _checked(data.decode(codec), codec), codec
        except UnicodeDecodeError:
            pass  # The declaration is wrong; UTF-8 is the only other thing we accept.
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        what = (
            f"declared {declared!r} and UTF-8 both fail" if declared else "not UTF-8 and no charset declared"
        )
        raise ExtractionError(f"unknown encoding: {what} (first bad byte at offset {exc.start})") from None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ExtractionError(f"unknown encoding: bytes after the {encoding} BOM do not decode") from exc


def _checked(text: str, encoding: str) -> str:
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_RATIO:
        raise ExtractionError(f"not text: too many control characters after decoding as {encoding} (binary?)")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(lines: list[str]) -> str:
    """Non-empty stripped lines joined as paragraphs separated by one blank line."""
    kept = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines]
    return "\n\n".join(line for line in kept if line)

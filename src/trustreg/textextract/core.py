"""The dispatcher: size check, media detection, then the per-media extractor."""

from __future__ import annotations

from trustreg.textextract.base import Extracted, ExtractionError

_TYPE_TO_MEDIA = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}
_SUFFIX_TO_MEDIA = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
# Content types we can sniff rather than trust (servers label many things this way).
_SNIFFABLE_TYPES = {"application/octet-stream", "binary/octet-stream", "", "text/x-unknown"}


def split_content_type(content_type: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=ISO-8859-1"`` -> ``("text/html", "iso-8859-1")``."""
    if not content_type:
        return "", None
    main, *params = content_type.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return main.strip().lower(), charset


def detect_media(data: bytes, *, content_type: str | None = None, name: str | None = None) -> str:
    """Which extractor to use: the declared type first, then the file name, then the bytes."""
    mime, _ = split_content_type(content_type)
    if mime in _TYPE_TO_MEDIA:
        declared = _TYPE_TO_MEDIA[mime]
        # A "text/plain" upload named *.md is Markdown; anything else declared wins.
        if declared == "text" and name and _suffix_media(name) == "markdown":
            return "markdown"
        return declared
    if mime and mime not in _SNIFFABLE_TYPES:
        raise ExtractionError(f"not text: content type {mime!r} is not HTML, PDF, Markdown or text")
    if name and (by_name := _suffix_media(name)):
        return by_name
    return _sniff(data)


def _suffix_media(name: str) -> str | None:
    lowered = name.lower().rsplit("?", 1)[0]
    for suffix, media in _SUFFIX_TO_MEDIA.items():
        if lowered.endswith(suffix):
            return media
    return None


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head or b"<body" in head:
        return "html"
    if head.startswith(b"---\n") or head.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def extract(
    data: bytes,
    *,
    content_type: str | None = None,
    name: str | None = None,
    max_bytes: int = 20_000_000,
    pdf_timeout: float = 10.0,
    html_timeout: float = 10.0,
) -> Extracted:
    """Plain text, title and metadata of a document, or :class:`ExtractionError` saying why not."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ExtractionError(f"not text: expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ExtractionError(f"too large: {len(data)} bytes, the limit is {max_bytes}")
    if not data.strip():
        raise ExtractionError("not text: the document is empty")
    media = detect_media(data, content_type=content_type, name=name)
    _, charset = split_content_type(content_type)
    # Imported here so that importing the package stays cheap (trafilatura is slow to import).
    if media == "pdf":
        from trustreg.textextract.pdf import extract_pdf

        return extract_pdf(data, timeout=pdf_timeout)
    if media == "html":
        from trustreg.textextract.html import extract_html
        from trustreg.textextract.sandbox import run_limited

        # Crafted HTML costs the parsers superlinear time and memory: parse it in a limited child.
        result: Extracted = run_limited(extract_html, data, what="HTML", timeout=html_timeout, charset=charset)
        return result
    if media == "markdown":
        from trustreg.textextract.markdown import extract_markdown

        return extract_markdown(data, charset=charset)
    from trustreg.textextract.plain import extract_plain

    return extract_plain(data, charset=charset)

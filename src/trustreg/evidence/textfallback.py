"""Text of an uploaded file, when the shared extractor (``trustreg.textextract``) is not installed.

Only text/plain and text/html are accepted here; PDFs and other formats are refused with a message
(they need the sandboxed extractor). Uploaded HTML is parsed, never rendered or fetched from.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

ACCEPTED = ("text/plain", "text/html")


class UnsupportedUpload(ValueError):
    pass


def sniff_type(name: str, declared: str) -> str:
    declared = (declared or "").split(";")[0].strip().lower()
    if declared in ACCEPTED:
        return declared
    lower = name.lower()
    if lower.endswith((".html", ".htm")):
        return "text/html"
    if lower.endswith((".txt", ".md", ".text")):
        return "text/plain"
    return declared or "application/octet-stream"


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def html_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    return root.text(separator="\n", strip=True) if root is not None else ""


def extract(data: bytes, content_type: str) -> tuple[str, str]:
    """(text, extractor name) for ``data``; UnsupportedUpload for anything else."""
    if content_type == "text/plain":
        return decode(data), "plain"
    if content_type == "text/html":
        return html_text(decode(data)), "selectolax"
    raise UnsupportedUpload(
        f"{content_type} uploads are not supported yet: upload text or HTML, or paste the text"
    )

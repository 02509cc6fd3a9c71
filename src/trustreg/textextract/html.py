"""HTML: trafilatura on the HTML string (never its fetcher), selectolax as the fallback.

trafilatura drops lists and tables on policy pages unless ``favor_recall`` and ``include_tables``
are on. Metadata comes from the page's own ``<meta>``, ``<link rel=canonical>`` and JSON-LD, read
with selectolax, so it does not depend on trafilatura's heuristics.
"""

from __future__ import annotations

import json
import logging

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from trustreg.domain import nesting
from trustreg.textextract.base import EXTRACTOR_VERSION, MAX_TITLE, Extracted, ExtractionError
from trustreg.textextract.decode import decode, paragraphs

# Elements whose content is never text a reader sees.
_INVISIBLE = "script, style, noscript, template, svg, math, iframe, object, embed, canvas, head"
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote", "dt", "dd",
    "figcaption", "caption", "address", "summary", "div", "section", "article", "main", "header",
    "footer", "aside", "nav", "tr", "ul", "ol", "dl", "table", "form", "details", "fieldset", "body",
}
TRAFILATURA_MAX_CHARS = 1_500_000
# Too little text from trafilatura on a page with much more visible text means it threw content away.
_MIN_RECALL_SHARE = 0.5

_META = {
    "author": ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"),
    "published": (
        "article:published_time", "datepublished", "dc.date", "dc.date.issued", "date", "pubdate",
        "publish_date", "parsely-pub-date", "og:published_time",
    ),
    "updated": (
        "article:modified_time", "og:updated_time", "datemodified", "last-modified", "dc.date.modified",
    ),
    "publisher": ("og:site_name", "application-name", "publisher", "dc.publisher"),
    "description": ("description", "og:description", "twitter:description"),
}


def extract_html(data: bytes, *, charset: str | None = None) -> Extracted:
    html, _encoding = decode(data, charset=charset, sniff_html_meta=True)
    try:
        tree = HTMLParser(html)
    except Exception as exc:  # selectolax raises plain exceptions on pathological input
        raise ExtractionError(f"parser failure: HTML could not be parsed ({type(exc).__name__})") from None
    metadata = _metadata(tree)
    title = metadata.pop("title", "")
    for node in tree.css(_INVISIBLE):
        node.decompose()
    fallback_text = _block_text(tree)
    # trafilatura reads the page without its scripts and styles (less to parse, nothing to leak), and
    # only up to a size: it takes tens of seconds on multi-megabyte pages, selectolax milliseconds.
    cleaned = tree.html or ""
    text = _trafilatura_text(cleaned) if len(cleaned) <= TRAFILATURA_MAX_CHARS else ""
    extractor = f"trafilatura/recall+tables textextract/{EXTRACTOR_VERSION}"
    if not text or len(text) < _MIN_RECALL_SHARE * len(fallback_text):
        text, extractor = fallback_text, f"selectolax/blocks textextract/{EXTRACTOR_VERSION}"
    if not text.strip():
        raise ExtractionError("not text: the HTML has no visible text")
    return Extracted(text=text, title=title[:MAX_TITLE], media="html", metadata=metadata, extractor=extractor)


def _trafilatura_text(html: str) -> str:
    import trafilatura

    # trafilatura logs every page it finds too short; that is our decision to make, not noise.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = trafilatura.extract(
            html,
            favor_recall=True,
            include_tables=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            output_format="txt",
            with_metadata=False,
            deduplicate=False,
        )
    except Exception:  # noqa: BLE001 - any trafilatura failure falls back to selectolax
        return ""
    if not result:
        return ""
    return paragraphs(result.split("\n"))


def _block_text(tree: HTMLParser) -> str:
    """Visible text, one paragraph per innermost block element."""
    root = tree.body or tree.root
    if root is None:
        return ""
    lines: list[str] = []
    _walk(root, lines, [])
    return paragraphs(lines)


def _walk(root: Node, lines: list[str], current: list[str]) -> None:
    # Iterative: hostile pages nest deeply enough to exhaust Python's recursion limit.
    stack: list[Node | None] = []
    child = root.child
    while True:
        while child is None:
            if not stack:
                return
            parent = stack.pop()
            if parent is not None and parent.tag in _BLOCKS:
                _flush(lines, current)
            child = parent.next if parent is not None else None
        tag = child.tag
        if tag == "-text":
            current.append(child.text(deep=False) or "")
        elif tag == "br":
            _flush(lines, current)
        elif tag not in ("-comment", "!doctype") and child.child is not None:
            if tag in _BLOCKS:
                _flush(lines, current)
            stack.append(child)
            child = child.child
            continue
        elif tag in _BLOCKS:
            _flush(lines, current)
        child = child.next


def _flush(lines: list[str], current: list[str]) -> None:
    if current:
        lines.append(" ".join("".join(current).split()))
        current.clear()


def _metadata(tree: HTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = (attrs.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    for ours, keys in _META.items():
        for key in keys:
            if metas.get(key):
                found[ours] = metas[key][:400]
                break
    title_node = tree.css_first("title")
    title = metas.get("og:title") or (title_node.text(strip=True) if title_node else "")
    if not title and (h1 := tree.css_first("h1")):
        title = h1.text(strip=True)
    if title:
        found["title"] = " ".join(title.split())
    canonical = tree.css_first('link[rel="canonical"]')
    href = (canonical.attributes.get("href") or "").strip() if canonical else ""
    if not href:
        href = metas.get("og:url", "")
    if href.startswith(("http://", "https://")):
        found["canonical_url"] = href[:2000]
    for key, value in _json_ld(tree).items():
        found.setdefault(key, value)
    return found


def _json_ld(tree: HTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True) or ""
        if len(raw) > 200_000:
            continue
        try:
            nesting.check_json(raw)
            data = json.loads(raw)
        except ValueError:  # malformed, or nested deeper than the decoder should see
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            for ours, key in (("published", "datePublished"), ("updated", "dateModified")):
                if isinstance(item.get(key), str):
                    found.setdefault(ours, item[key][:100])
            for ours, key in (("author", "author"), ("publisher", "publisher")):
                name = _name_of(item.get(key))
                if name:
                    found.setdefault(ours, name[:200])
            if isinstance(item.get("headline"), str):
                found.setdefault("title", item["headline"][:400])
    return found


def _name_of(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name_of(value.get("name"))
    if isinstance(value, list) and value:
        return _name_of(value[0])
    return None

"""How the static mirror names files and rewrites links (``trustreg build-site``).

A URL maps to one file: ``/a/b/`` to ``a/b/index.html``; a path with an extension keeps it
(``/data.json``, ``/changelog.atom``); an API document without one gets ``.json`` and any other
page ``.html``. A query becomes part of the name (``/changelog/?page=2`` is
``changelog/index__page-2.html``), because a static host ignores queries. Links become relative to
the file that holds them, with ``index.html`` written out, so the copy works from ``file://`` and
under any sub-path of a plain static server; a link to something the copy does not hold points at
the live registry (``settings.SITE_BASE_URL``).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

HTML_ATTR = re.compile(r"""(?P<pre>\b(?:href|src|action)\s*=\s*)(?P<q>["'])(?P<url>.*?)(?P=q)""", re.I | re.S)
CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]+)(?P=q)\s*\)""")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "#")


def canonical(url: str) -> str:
    """A site-relative URL with its query sorted (so one page has one name)."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def local_target(base: str, raw: str, hosts: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(canonical URL, fragment) of a link on page ``base`` when it points into this site (a
    relative link, or an absolute one naming one of the site's own ``hosts``)."""
    raw = raw.strip()
    if not raw or raw.startswith(SKIP_SCHEMES):
        return None
    joined = urlsplit(urljoin("http://site" + base, raw))
    if joined.scheme not in ("http", "https") or (joined.netloc != "site" and joined.netloc not in hosts):
        return None
    return canonical(joined.path + (f"?{joined.query}" if joined.query else "")), joined.fragment


def file_for(url: str, content_type: str) -> str:
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        stem, ext = path + "index", ".html"
    else:
        stem, ext = posixpath.splitext(path)
        if not ext or "/" in ext:
            stem, ext = path, (".json" if "json" in content_type else ".html")
    if parts.query:
        stem += "__" + _UNSAFE.sub("-", parts.query.replace("=", "-").replace("&", "_")).strip("-")[:120]
    return stem + ext


def relative(from_file: str, to_file: str) -> str:
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


def rewrite(text: str, page_url: str, page_file: str, resolve: Callable[[str], str | None], live: str,
            pattern: re.Pattern[str] = HTML_ATTR, hosts: frozenset[str] = frozenset()) -> str:
    """``text`` with every link into the site made relative (or pointed at the live site)."""

    def one(m: re.Match[str]) -> str:
        raw = html.unescape(m.group("url"))
        target = local_target(page_url, raw, hosts)
        if target is None:
            return m.group(0)
        url, fragment = target
        file = resolve(url)
        new = relative(page_file, file) if file is not None else live.rstrip("/") + url
        if fragment:
            new += "#" + fragment
        quote = m.groupdict().get("q") or ""
        pre = m.groupdict().get("pre")
        escaped = html.escape(new, quote=True) if pattern is HTML_ATTR else new
        return f"{pre}{quote}{escaped}{quote}" if pre is not None else f"url({quote}{escaped}{quote})"

    return pattern.sub(one, text)


def links_in(text: str, page_url: str, pattern: re.Pattern[str] = HTML_ATTR,
             hosts: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for m in pattern.finditer(text):
        target = local_target(page_url, html.unescape(m.group("url")), hosts)
        if target is not None:
            found.append(target[0])
    return found

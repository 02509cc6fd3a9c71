"""`trustreg build-site DIR`: the public registry as static files, for any static host.

Every public page is rendered by the views themselves (Django's test client, no server), starting
from each offering, question, fit preset, feed, API document and bulk file, and following the
pages' own links; page numbers (``?page=``), presets (``?preset=``) and the API's cursors are
followed, anything else with a query (filters, sorting, ``as_of``), forms, PDFs and the
maintainers' side point at the live registry instead. Links are rewritten to relative ones
(``trustreg.bulk.links``). The copy is written beside ``DIR`` and swapped in when complete: a
failed build leaves the previous copy as it was. ``DIR`` must be empty, absent, or a previous copy.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.test import Client

from trustreg.bulk import build, links
from trustreg.domain import fitfiles
from trustreg.evidence.selectors import bundled_copies
from trustreg.registry import selectors

MARKER = ".trustreg-site"
FOLLOW_QUERY = {"page", "preset", "cursor"}
NOT_MIRRORED = ("/workbench/", "/accounts/", "/admin/", "/ingest/", "/monitor/", "/corrections/")
API = "/api/v1"


class SiteRefused(ValueError):
    pass


@dataclass
class SiteReport:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    not_found: list[str] = field(default_factory=list)


def seeds() -> list[str]:
    cat = selectors.catalogue()
    urls = ["/", "/methodology/", "/changelog/", "/health/", "/coverage/", "/fit/", "/compare/",
            "/changelog.atom", "/calendar.ics", "/data.json", "/data.json.gz", "/bulk/manifest.json",
            "/bulk/registry.csv", "/bulk/registry.csv.gz", "/bulk/dump.jsonl", "/bulk/dump.jsonl.gz",
            f"{API}/docs", f"{API}/openapi.json", f"{API}/offerings", f"{API}/questions", f"{API}/parties",
            f"{API}/changes", f"{API}/health"]
    for oid in selectors.listed_offerings().order_by("sort_order", "id").values_list("id", flat=True):
        urls += [f"/offerings/{oid}/{page}" for page in ("", "history/", "explainer/", "memo.md", "changelog.atom",
                                                         "calendar.ics")]
        urls += [f"{API}/offerings/{oid}", f"{API}/offerings/{oid}/history"]
    for d in cat.dimensions:
        urls += [f"/questions/{d.slug}/", f"/questions/{d.slug}/changelog.atom", f"/questions/{d.slug}/calendar.ics",
                 f"{API}/questions/{d.slug}"]
    for p in fitfiles.presets(Path(settings.FIT_DATA_DIR), cat):
        urls += [links.canonical(f"/fit/?preset={p.id}"), links.canonical(f"{API}/fit?preset={p.id}")]
    urls += [f"{API}/copies/{c.id}" for c in bundled_copies() if c.public]
    return urls


def followable(url: str) -> bool:
    path, _, query = url.partition("?")
    if path.startswith(NOT_MIRRORED) or "/cells/" in path or path.endswith(".pdf"):
        return False
    return {k for k, _ in parse_qsl(query, keep_blank_values=True)} <= FOLLOW_QUERY


def _client() -> tuple[Client, bool, frozenset[str]]:
    """A client for the views, whether to ask over HTTPS, and the host names that mean "this site"
    in an absolute link (the one the client asks by, and the public base URL's)."""
    allowed = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    host = allowed[0] if allowed else "testserver"
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    return Client(HTTP_HOST=host), secure, frozenset({host, urlsplit(settings.SITE_BASE_URL).netloc})


def build_site(out: Path, *, live: str | None = None) -> SiteReport:
    live = live or settings.SITE_BASE_URL
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteRefused(f"{out}: not empty and not a copy written by build-site; nothing written")
    started = time.monotonic()
    build.build()  # the bulk files as of now, so that they agree with the pages
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        report, files, hosts = _crawl(work)
        for url, (file, content_type) in files.items():
            if content_type.startswith(("text/html", "text/css")):
                path = work / file
                text = path.read_text(encoding="utf-8")
                pattern = links.CSS_URL if content_type.startswith("text/css") else links.HTML_ATTR
                path.write_text(links.rewrite(text, url, file, lambda u: files.get(u, (None, ""))[0], live,
                                              pattern, hosts), encoding="utf-8")
        (work / MARKER).write_text(f"written by trustreg build-site from {live}\n", encoding="utf-8")
        _swap(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.seconds = time.monotonic() - started
    return report


def _crawl(work: Path) -> tuple[SiteReport, dict[str, tuple[str, str]], frozenset[str]]:
    client, secure, hosts = _client()
    report = SiteReport()
    files: dict[str, tuple[str, str]] = {}
    queue = deque(links.canonical(u) for u in seeds())
    seen = set(queue)
    while queue:
        url = queue.popleft()
        response = client.get(url, secure=secure)
        if response.status_code != 200:
            report.not_found.append(f"{url} ({response.status_code})")
            continue
        body = response.getvalue()
        content_type = response.get("Content-Type", "")
        if response.get("Content-Encoding") == "gzip" or url.endswith(".gz"):
            content_type = "application/gzip"
        file = links.file_for(url, content_type)
        path = work / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        files[url] = (file, content_type)
        report.files += 1
        report.bytes += len(body)
        for found in _links_of(url, body, content_type, hosts):
            if found not in seen and followable(found):
                seen.add(found)
                queue.append(found)
    return report, files, hosts


def _links_of(url: str, body: bytes, content_type: str, hosts: frozenset[str]) -> list[str]:
    if content_type.startswith("text/html"):
        return links.links_in(body.decode("utf-8", "replace"), url, hosts=hosts)
    if content_type.startswith("text/css"):
        return links.links_in(body.decode("utf-8", "replace"), url, links.CSS_URL, hosts)
    if content_type.startswith("application/json") and url.startswith(API + "/"):
        try:
            cursor = json.loads(body).get("next_cursor")
        except (ValueError, AttributeError):
            return []
        if cursor:
            parts = urlsplit(url)
            query = dict(parse_qsl(parts.query))
            query["cursor"] = cursor
            return [links.canonical(f"{parts.path}?{urlencode(query)}")]
    return []


def _swap(work: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        os.replace(out, old)
    os.replace(work, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

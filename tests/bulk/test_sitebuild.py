"""`trustreg build-site`: every public page as a static file, with links that all resolve."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from trustreg.bulk import store
from trustreg.bulk.sitebuild import MARKER, SiteRefused, build_site
from trustreg.registry import selectors

pytestmark = pytest.mark.django_db

LINKS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


def local_links(page: Path) -> list[str]:
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    found = []
    for tag, attr in LINKS:
        for node in tree.css(f"{tag}[{attr}]"):
            value = (node.attributes.get(attr) or "").strip()
            if value and not urlsplit(value).scheme and not value.startswith(("#", "//")):
                found.append(value)
    return found


def check_links(out: Path) -> int:
    """Every relative link of every page resolves to a file of the copy; none starts at the root
    (which would break under a sub-path). Returns how many were checked."""
    broken, rooted, checked = [], [], 0
    for page in sorted(out.rglob("*.html")):
        for link in local_links(page):
            if link.startswith("/"):
                rooted.append((str(page.relative_to(out)), link))
                continue
            target = Path(posixpath.normpath(posixpath.join(str(page.parent), unquote(urlsplit(link).path))))
            checked += 1
            if not target.is_file():
                broken.append((str(page.relative_to(out)), link))
    assert rooted == [] and broken == []
    return checked


def check_contents(out: Path) -> None:
    for oid in selectors.listed_offerings().values_list("id", flat=True):
        for file in (f"offerings/{oid}/index.html", f"offerings/{oid}/history/index.html",
                     f"offerings/{oid}/explainer/index.html", f"offerings/{oid}/memo.md",
                     f"offerings/{oid}/changelog.atom", f"offerings/{oid}/calendar.ics",
                     f"api/v1/offerings/{oid}.json", f"api/v1/offerings/{oid}/history.json"):
            assert (out / file).is_file(), file
        assert json.loads((out / f"api/v1/offerings/{oid}.json").read_text())["offering"]["id"] == oid
    for d in selectors.catalogue().dimensions:
        assert (out / f"questions/{d.slug}/index.html").is_file()
        assert (out / f"api/v1/questions/{d.slug}.json").is_file()
    for file in ("index.html", "methodology/index.html", "changelog/index.html", "health/index.html",
                 "coverage/index.html", "fit/index.html", "changelog.atom", "calendar.ics", "api/v1/openapi.json",
                 "api/v1/offerings.json", "api/v1/health.json", "bulk/manifest.json", "bulk/registry.csv"):
        assert (out / file).is_file(), file
    assert list(out.glob("fit/index__preset-*.html")) and list(out.glob("sources/*/index.html"))
    current = store.current()
    assert (out / "data.json").read_bytes() == current.file("data.json").read_bytes()
    assert (out / "bulk/dump.jsonl").read_bytes() == current.file("dump.jsonl").read_bytes()


def test_the_copy_holds_every_public_page_and_every_link_in_it_resolves(loaded, tmp_path):
    out = tmp_path / "public" / "registry"
    out.mkdir(parents=True)
    (out / MARKER).write_text("an earlier copy")
    (out / "stale.html").write_text("from an older build")
    report = build_site(out, live="https://registry.example.org")
    files = [p for p in out.rglob("*") if p.is_file() and p.name != MARKER]
    assert report.files == len(files) and not (out / "stale.html").exists()
    assert check_links(out) > 1000
    check_contents(out)
    offering = next(out.glob("offerings/*/index.html")).read_text(encoding="utf-8")
    # what the copy does not hold (correction forms, the PDF memo) is on the live registry
    assert 'href="https://registry.example.org/offerings/' in offering
    assert not [p for p in out.parent.iterdir() if p.name != "registry"]  # no leftovers beside it


def test_a_folder_build_site_did_not_write_is_never_replaced(db, tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(SiteRefused, match="not empty"):
        build_site(other)
    assert [p.name for p in other.iterdir()] == ["holiday.jpg"]

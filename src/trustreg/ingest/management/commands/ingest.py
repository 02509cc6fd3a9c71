"""`trustreg ingest URL|FILE [--offering ID]`: propose candidate claims from a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.domain.bundle.kept_file import read_kept_copy
from trustreg.domain.bundle.records import BundleError
from trustreg.domain.copies import CopyRecord
from trustreg.ingest.selectors import document_view
from trustreg.ingest.services import MAX_DOCUMENT_BYTES, IngestRefused, document_ingest


def guarded_fetch(url: str) -> tuple[bytes, str | None, str]:
    """(body, content type, final URL) through the monitor's guarded fetcher, configured as the
    monitor is (TRUSTREG_FETCH): one set of fetch rules for both."""
    from trustreg.evidence.monitor import current_fetcher

    result = current_fetcher().fetch(url)  # never raises: every failure is an outcome with a reason
    if not result.ok or result.body is None:
        raise CommandError(f"nothing ingested: {url}: {result.outcome.label}: {result.reason}", returncode=1)
    content_type = result.header("content-type") or result.content_type
    return result.body, content_type, result.final_url or url


class Command(BaseCommand):
    help = "Ingest a document (HTML, PDF, Markdown, text): candidate claims, compared with the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="a file path, or an http(s) URL")
        parser.add_argument("--offering", help="offering id to compare with (e.g. azure-openai)")
        parser.add_argument(
            "--url", default="",
            help="where a FILE was published (for its citation and kind); a kept copy (copies/<id>.txt "
            "with its <id>.yaml) already says so",
        )
        parser.add_argument("--content-type", default=None, help="override the media type (text/html, ...)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(
        self,
        *args: Any,
        target: str,
        offering: str | None,
        url: str,
        content_type: str | None,
        json: bool,
        **options: Any,
    ) -> None:
        copy: CopyRecord | None = None
        fetched = target.startswith(("http://", "https://"))
        if fetched:
            data, fetched_type, final_url = guarded_fetch(target)
            name, url, content_type = "", final_url, content_type or fetched_type
        else:
            data, name = _read_file(target), Path(target).name
            copy = _kept_copy(target, url)
            url = copy.url if copy is not None else url
        try:
            document = document_ingest(
                actor="cli:ingest",
                data=data,
                name=name,
                url=url,
                content_type=content_type,
                offering_id=offering,
                kept_copy=copy,
                fetched=fetched,
            )
        except IngestRefused as exc:
            raise CommandError(f"nothing ingested: {exc}", returncode=1) from None
        view = document_view(document.pk)
        if json:
            self.stdout.write(_dumps(_as_data(view)))
        else:
            self.stdout.write(_as_text(view))


def _kept_copy(target: str, url: str) -> CopyRecord | None:
    """The kept copy ``target`` is the text of (its metadata beside it), checked as a load checks it."""
    try:
        copy = read_kept_copy(target)
    except BundleError as exc:
        raise CommandError(f"nothing ingested: {target} is a kept copy whose metadata is not valid:\n{exc}",
                           returncode=1) from None
    if copy is not None and url and url != copy.url:
        raise CommandError(
            f"nothing ingested: --url {url} differs from the URL {Path(target).with_suffix('.yaml')} records "
            f"({copy.url}); leave --url out for a kept copy, or correct its metadata", returncode=1)
    return copy


def _read_file(target: str) -> bytes:
    path = Path(target)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CommandError(f"{target}: not a file")
        if size > MAX_DOCUMENT_BYTES:
            raise CommandError(
                f"nothing ingested: {target}: too large: {size} bytes, the limit is {MAX_DOCUMENT_BYTES}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{target}: cannot read: {exc.strerror}") from None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _as_data(view: Any) -> dict[str, Any]:
    d = view.document
    return {
        "document": {
            "id": d.pk,
            "url": d.url,
            "name": d.name,
            "title": d.title,
            "publisher": d.publisher,
            "author": d.author,
            "published": d.published,
            "updated": d.updated,
            "kind": d.kind,
            "kind_reason": d.kind_reason,
            "primary": d.primary,
            "media": d.media,
            "offering": d.offering_id,
            "passages": d.passages.count(),
            "kept_copy": {k: d.metadata[k] for k in KEPT_COPY_KEYS if k in d.metadata} or None,
        },
        "verdicts": view.verdicts,
        "claims": [
            {
                "dimension": c.dimension,
                "polarity": c.polarity,
                "facts": c.facts,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "rules": c.rules,
                "extractor": c.extractor,
                "verdict": c.verdict,
                "findings": c.findings,
                "citation": c.citation,
            }
            for c in view.to_review
        ],
    }


KEPT_COPY_KEYS = ("kept_copy", "retrieved", "retrieved_is_copy_date", "excerpt", "obtained", "sha256")


def _as_text(view: Any) -> str:
    d = view.document
    dates = ", ".join(f"{k} {v}" for k, v in (("published", d.published), ("updated", d.updated)) if v)
    meta = d.metadata or {}
    lines = [
        f"document {d.pk}: {d.title or d.name or d.url!s}",
        f"  kind {d.kind} ({d.kind_reason}); {'primary' if d.primary else 'secondary'}"
        + (f"; {dates}" if dates else "")
        + (f"; by {d.author}" if d.author else "")
        + (f"; publisher {d.publisher}" if d.publisher else ""),
        f"  {d.passages.count()} passages, {len(view.claims)} candidate claims"
        + (f" compared with {d.offering_id}" if d.offering_id else " (no --offering: not compared)"),
    ]
    if meta.get("kept_copy"):
        lines.append(
            f"  kept copy {meta['kept_copy']} of {d.url}: retrieved {meta.get('retrieved')}"
            + (" (the stored copy's own date)" if meta.get("retrieved_is_copy_date") == "yes" else "")
            + ("; an excerpt" if meta.get("excerpt") == "yes" else "; the whole document")
        )
    if view.verdicts:
        lines.append("  " + ", ".join(f"{n} {v}" for v, n in sorted(view.verdicts.items())))
    for c in view.to_review:
        facts = " ".join(f"{k}={v!r}" for k, v in c.facts.items())
        lines.append(f"[{c.verdict}] {c.dimension} {c.polarity} {facts}".rstrip())
        lines.append(f"    quote ({c.start}-{c.end}): {c.quote[:300]!r}")
        for finding in c.findings:
            lines.append(f"    - {finding['kind']}: {finding['reason'][:300]}")
        cite = c.citation
        lines.append(
            f"    cite: {cite.get('url') or '(no URL: pass --url)'} kind={cite.get('kind')} "
            f"primary={cite.get('primary')}"
        )
        if c.leads:
            lines.append(f"    leads: {' '.join(c.leads)}")
    return "\n".join(lines)

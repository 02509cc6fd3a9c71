"""`trustreg build-site DIR`: write the public site as static files (see ``trustreg.bulk.sitebuild``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.bulk.sitebuild import SiteRefused, build_site


class Command(BaseCommand):
    help = "Write every public page, feed, bulk file and API document as static files with relative links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir")
        parser.add_argument("--live-url", default=None,
                            help="where links to what the copy does not hold point (default: TRUSTREG_BASE_URL)")

    def handle(self, *args: object, dir: str, live_url: str | None, **options: object) -> None:
        try:
            report = build_site(Path(dir), live=live_url)
        except SiteRefused as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"wrote {dir}: {report.files} files, {report.bytes:,} bytes in {report.seconds:.1f} s")
        if report.not_found:
            self.stdout.write(f"{len(report.not_found)} linked or listed address(es) answered no page and are not in the copy: "
                              + ", ".join(report.not_found[:10]))

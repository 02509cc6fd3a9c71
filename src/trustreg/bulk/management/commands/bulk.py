"""`trustreg bulk build|status`: write the bulk files now, or say which generation is current."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from trustreg.bulk import build, store


class Command(BaseCommand):
    help = "The bulk files (data.json, registry.csv, dump.jsonl): build them now, or show the current ones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("build", help="write the files from the registry as it is now")
        sub.add_parser("status", help="the current generation and its files")

    def handle(self, *args: object, verb: str, **options: object) -> None:
        generation = build.build() if verb == "build" else store.current()
        if generation is None:
            self.stdout.write(f"no bulk files yet in {store.bulk_dir()}: run `trustreg bulk build`")
            return
        self.stdout.write(f"generation {generation.number}, built {generation.built_at:%Y-%m-%d %H:%M:%S} UTC "
                          f"in {generation.path}")
        for f in generation.files.values():
            self.stdout.write(f"  {f.name:<12} {f.size:>12,} bytes  gzip {f.gzip_size:>11,}  sha256 {f.sha256[:16]}…")

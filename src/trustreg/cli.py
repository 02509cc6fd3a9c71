"""The `trustreg` console script.

Our own verbs (``trustreg check DIR``) map to Django management commands whose names do not clash
with Django's (its own ``check`` is kept reachable as ``trustreg django-check``); anything else is
handed to Django unchanged (``trustreg migrate``, ``trustreg runserver``).
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "check": "registry_check",
    "load": "registry_load",
    "export": "registry_export",
    "import-data-json": "import_data_json",
    "export-data-json": "export_data_json",
    "django-check": "check",
    "ingest": "ingest",
    "extract": "extract",
    "extract-eval": "extract_eval",
    "extract-train": "extract_train",
    "extract-train-encoder": "extract_train_encoder",
    "fit": "fit_check",
    "memo": "memo",
    "import-dump": "import_dump",
    "build-site": "build_site",
}

# What `trustreg` with no arguments (or `help`) prints: our verbs, not Django's internal command names.
USAGE = """usage: trustreg COMMAND [ARGS]   (trustreg COMMAND --help for its options)

The registry:
  check DIR                 validate data files; every problem as `file: path.to.field: reason`
  load DIR                  load data files all-or-nothing; each changed cell gets a revision
  export DIR                write data files that load back to the same registry
  import-data-json FILE     fold in a data.json of the public registry (all-or-nothing)
  export-data-json [FILE]   write data.json ('-' or nothing: standard output)
  bulk build|status         the bulk files (data.json, CSV, full dump), rebuilt after every change
  import-dump FILE          build a mirror from a full dump (history included) in an empty database
  build-site DIR            write the public site as static files (pages, feeds, bulk files, API)
Maintainers and evidence:
  maintainer add NAME --role editor|reviewer|admin   create or update a workbench account
  checks run                raise flags: expired or secondary-only evidence, missing quotes
  monitor run|worker|check-url   re-fetch due sources, keep copies, check quotes
  monitor prune [--keep-days N]  delete old quote checks that record no change (90 days)
  webhooks worker|deliver|check-expired   signed webhook deliveries; daily expired-evidence check
  ingest FILE|URL           candidate claims from a document, compared with the registry
  extract --jsonl IN        batch claims, one JSON line per input line
  extract-eval GOLD.jsonl   precision, recall and F1 of the extractor
  extract-train             cross-validate, train and write the optional learned arbiter
  extract-train-encoder     train the optional encoder heads (needs the model extra)
Buyers:
  fit PROFILE|--preset ID   which offerings meet a requirement profile (exit 1: none does)
  memo OFFERING             the vendor-file memo (--format md|pdf, -o FILE, --as-of DATE)
Machines:
  mcp [--http --port N]     the read-only MCP server (stdio; streamable HTTP at /mcp with --http)
Django:
  migrate, runserver, createcachetable, ...   any other word goes to Django
  django-check [--deploy]   Django's own system checks
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args in (["help"], ["-h"], ["--help"]):
        sys.stdout.write(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    if args and args[0] in COMMANDS:
        args[0] = COMMANDS[args[0]]
    from django.core.management import execute_from_command_line

    from trustreg.deploy import ProductionRefused, SettingRefused

    try:
        execute_from_command_line(["trustreg", *args])
    except (ProductionRefused, SettingRefused) as exc:  # raised while the settings load: one clear line
        sys.stderr.write(f"{exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()

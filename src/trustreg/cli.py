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
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    if args and args[0] in COMMANDS:
        args[0] = COMMANDS[args[0]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trustreg", *args])


if __name__ == "__main__":
    main()

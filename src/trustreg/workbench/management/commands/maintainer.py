"""`trustreg maintainer add USERNAME --role reviewer`: give a person a workbench account."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.accounts.roles import Role
from trustreg.workbench.maintainers import MaintainerRefused, maintainer_add

NOTHING_TO_READ = (
    "no password given: pipe it with --password-stdin, set TRUSTREG_PASSWORD, or run this in a terminal "
    "to be asked; nothing was changed"
)


class Command(BaseCommand):
    help = "Create or update a maintainer account with a role (editor, reviewer, admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="create or update an account")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--email", default="")
        add.add_argument("--display-name", default="",
                         help="the name the public changelog and feeds show (never the login name)")
        add.add_argument("--password-stdin", action="store_true",
                         help="read the password from standard input (else TRUSTREG_PASSWORD, else a prompt)")

    def handle(self, *args: object, **options: object) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        elif os.environ.get("TRUSTREG_PASSWORD"):
            password = os.environ["TRUSTREG_PASSWORD"]
        elif not sys.stdin.isatty():  # getpass would echo, then fail at the end of the input
            raise CommandError(NOTHING_TO_READ, returncode=1)
        else:
            try:
                password = getpass.getpass("Password: ")
            except (EOFError, KeyboardInterrupt):
                raise CommandError(NOTHING_TO_READ, returncode=1) from None
        if not password:
            raise CommandError(NOTHING_TO_READ, returncode=1)
        try:
            user = maintainer_add(actor="cli:maintainer", username=str(options["username"]),
                                  role=str(options["role"]), password=password, email=str(options["email"]),
                                  display_name=str(options["display_name"]))
        except MaintainerRefused as exc:
            raise CommandError(str(exc), returncode=1) from None
        role = str(options["role"])
        article = "an" if role[:1] in "aeiou" else "a"
        self.stdout.write(f"{user.username} is {article} {role} (sign in at /accounts/login/)")

"""`trustreg mcp`: the read-only MCP server over stdio, or `--http` over streamable HTTP."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from trustreg.mcp.server import build_server

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Command(BaseCommand):
    help = "Serve the read-only MCP server: stdio by default, streamable HTTP with --http (at /mcp)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--http", action="store_true", help="serve streamable HTTP instead of stdio")
        parser.add_argument("--host", default="127.0.0.1", help="HTTP: address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8765, help="HTTP: port (default 8765)")

    def handle(self, *args: Any, **options: Any) -> None:
        server = build_server()
        if not options["http"]:
            server.run("stdio")  # stdout carries the protocol: this command prints nothing else
            return
        host = options["host"]
        kwargs: dict[str, Any] = {"host": host, "port": options["port"], "stateless_http": True}
        if host not in LOOPBACK:
            # Off loopback the SDK's DNS-rebinding guard would refuse every Host: allow the site's names.
            from mcp.server.transport_security import TransportSecuritySettings

            names = [h for h in settings.ALLOWED_HOSTS if h and h != "*"]
            kwargs["transport_security"] = TransportSecuritySettings(
                allowed_hosts=[f"{h}:*" for h in names] + names,
                allowed_origins=[f"https://{h}" for h in names],
            )
        server.run("streamable-http", **kwargs)

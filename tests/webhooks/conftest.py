"""A real HTTP receiver on 127.0.0.1, and fetch settings that let loopback through, the way the
monitor's tests do (``settings.TRUSTREG_FETCH``); everything else is refused as in production."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# Limits far beyond what a local request needs: a busy machine must not fail a test.
PATIENT = {"total_timeout": 60.0, "read_timeout": 30.0, "connect_timeout": 30.0}


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # consumed in order, then 200
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self) -> tuple[int, dict[str, str]]:
        with self.lock:
            return self.answers.pop(0) if self.answers else (200, {})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with state.lock:
                state.received.append(Received({k: v for k, v in self.headers.items()}, body))
            status, headers = state.answer()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_allowed(settings):  # noqa: ANN001, ANN201 - pytest-django's settings fixture
    settings.TRUSTREG_FETCH = {"allow_loopback": True, "per_host_delay": 0, **PATIENT}
    return settings

"""A loopback HTTP server serving the monitor's scenarios (changed page, moved, 403, slow, huge, ...).

Only ever binds 127.0.0.1. Every endless scenario is bounded in count and time, and stops when the
client goes away.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..textextract.conftest import minimal_pdf


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (latency)


def html(title: str, *paragraphs: str) -> bytes:
    inner = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><main><h1>{title}</h1>{inner}</main></body></html>"
    ).encode()


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing `text` (the text-extraction tests' hand-built PDF)."""
    return minimal_pdf([text])


class ScenarioServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The monitor fetches with several threads at once; on a busy machine this server's one accept
    # loop may fall behind them, and socketserver's default queue of 5 waiting connections can
    # overflow (a PostgreSQL run at load average 4 saw one fetch end "connection_failed").
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, Page] = {}
        # path -> pages served in turn (the last one stays): a flaky server, a page that changes
        self.sequences: dict[str, list[Page]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request, client_address) -> None:  # a client hanging up is expected
        pass

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p == path)

    def start(self) -> ScenarioServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@functools.cache
def gzip_bomb() -> bytes:
    """~50 KB that inflate to 50 MB, built once per test session (not per request: bound the work)."""
    return gzip.compress(b"A" * 50_000_000, compresslevel=9, mtime=0)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ScenarioServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", Location=location)

    def _stream(self, chunk: bytes, count: int, pause: float, content_type: str = "text/html") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(count):
                self.wfile.write(chunk)
                self.wfile.flush()
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the client gave up, as it should
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: C901 - one branch per scenario reads best here
        parsed = urllib.parse.urlsplit(self.path)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        with self.server.lock:
            self.server.requests.append((path, dict(self.headers.items())))
        with self.server.lock:
            sequence = self.server.sequences.get(path)
            page = (sequence.pop(0) if len(sequence) > 1 else sequence[0]) if sequence else None
        page = page or self.server.pages.get(path)
        if page is not None:
            if page.delay:
                time.sleep(page.delay)
            etag = page.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self._send(304, b"", page.content_type, ETag=etag)
                return
            self._send(page.status, page.body, page.content_type, **page.headers)
        elif path == "/robots.txt":
            self._send(404, b"no robots here", "text/plain")
        elif path.startswith("/endless/"):
            self._redirect(f"/endless/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            if left == 0:
                self._send(200, html("End of chain", "arrived"))
            else:
                self._redirect(f"/chain/{left - 1}", 301)
        elif path == "/to":
            self._redirect(query["url"][0])
        elif path == "/slow":  # headers at once, then a trickle that never finishes in time
            self._stream(b"<p>.", 600, 0.05)
        elif path == "/stall":  # no headers for a long time (10x+ the impatient fetcher's read limit)
            time.sleep(5)
            self._send(200, html("late", "too late"))
        elif path == "/huge":  # a body without end (bounded at 200 MB in case nobody stops reading)
            self._stream(b"<p>" + b"x" * 65533, 3200, 0)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(5 * 1024**3))
            self.end_headers()
            self.close_connection = True
        elif path == "/gzip-bomb":
            self._send(200, gzip_bomb(), "text/plain", Content_Encoding="gzip")
        elif path == "/garbage":
            self.wfile.write(b"THIS IS NOT HTTP AT ALL\r\n\r\n")
            self.close_connection = True
        else:
            self._send(404, html("Not found", "nothing here"))

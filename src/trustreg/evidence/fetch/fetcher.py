"""The guarded fetcher: one GET of a source, ending as a typed FetchResult whatever happens."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import ssl
import threading
import time
import zlib

import httpx

from .outcomes import FetchResult, Outcome, PreviousFetch
from .robots import RobotsCache
from .settings import FetchSettings
from .throttle import HostThrottle
from .transport import (
    AddressRefused,
    Dialer,
    DnsFailure,
    GuardedTransport,
    OutOfTime,
    Resolver,
    budget,
    system_resolver,
)
from .urls import host_key, url_problem

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TEXT_MEDIA_TYPES = frozenset(
    {
        "application/pdf",
        "application/xhtml+xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
    }
)
CHUNK = 64 * 1024


class _Stop(Exception):
    """Ends a fetch early with a finished result."""

    def __init__(self, outcome: Outcome, reason: str) -> None:
        super().__init__(reason)
        self.outcome, self.reason = outcome, reason


def media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def is_text_media(media: str | None) -> bool:
    return media is not None and (media.startswith("text/") or media in TEXT_MEDIA_TYPES)


def sniff_media(body: bytes) -> str | None:
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if b"\x00" in head:
        return None
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "text/html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


class _Decoder:
    """Content-Encoding decoding with an output cap, so a compression bomb cannot blow memory."""

    def __init__(self, encoding: str | None, cap: int) -> None:
        encoding = (encoding or "identity").strip().lower()
        self._cap = cap
        self._total = 0
        self._parts: list[bytes] = []
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(32 + zlib.MAX_WBITS)
        else:
            raise _Stop(Outcome.FAILED, f"unsupported Content-Encoding {encoding!r}")

    def _keep(self, piece: bytes) -> None:
        self._total += len(piece)
        if self._total > self._cap:
            raise _Stop(Outcome.TOO_LARGE, f"the body is larger than the {self._cap:,} byte limit")
        self._parts.append(piece)

    def feed(self, data: bytes) -> None:
        if self._z is None:
            self._keep(data)
            return
        try:
            while data:
                self._keep(self._z.decompress(data, self._cap - self._total + 1))
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise _Stop(Outcome.FAILED, f"the compressed body is malformed: {exc}") from None

    def body(self) -> bytes:
        if self._z is not None:
            try:
                self._keep(self._z.flush())
            except zlib.error as exc:
                raise _Stop(Outcome.FAILED, f"the compressed body is malformed: {exc}") from None
        return b"".join(self._parts)


def _tls_error(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _timeout_reason(exc: Exception, s: FetchSettings, out_of_time: bool) -> str:
    """Say which limit ran out, as a sentence; the URL goes last so a cut-off line still says why."""
    if out_of_time:
        return f"Timed out: the whole fetch took longer than its {s.total_timeout:g} s limit"
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OutOfTime):
            return f"Timed out: the whole fetch took longer than its {s.total_timeout:g} s limit"
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, httpx.ConnectTimeout):
        return f"Timed out: could not connect within {s.connect_timeout:g} s"
    if isinstance(exc, httpx.PoolTimeout):
        return f"Timed out: no free connection within {s.total_timeout:g} s"
    return f"Timed out: the server sent nothing for {s.read_timeout:g} s"


def _classify(exc: Exception, url: str, s: FetchSettings, out_of_time: bool = False) -> tuple[Outcome, str]:
    if isinstance(exc, AddressRefused):
        return Outcome.REFUSED_ADDRESS, f"{url}: {exc}"
    if isinstance(exc, DnsFailure):
        return Outcome.DNS_FAILURE, str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return Outcome.TIMEOUT, f"{_timeout_reason(exc, s, out_of_time)} ({url})."
    tls = _tls_error(exc)
    if tls is not None:
        return Outcome.TLS_FAILURE, f"{url}: TLS failed: {getattr(tls, 'verify_message', None) or tls}"
    if isinstance(exc, httpx.ConnectError):
        return Outcome.CONNECTION_FAILED, f"{url}: could not connect: {exc}"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.LocalProtocolError, httpx.DecodingError)):
        return Outcome.PROTOCOL_ERROR, f"{url}: the server's reply is not valid HTTP: {exc}"
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return Outcome.REFUSED_URL, f"{url}: {exc}"
    if isinstance(exc, httpx.TransportError):
        return Outcome.CONNECTION_FAILED, f"{url}: {type(exc).__name__}: {exc}"
    return Outcome.FAILED, f"{url}: unexpected {type(exc).__name__}: {exc}"


class Fetcher:
    """Thread-safe; share one per process (it holds the connection pool, robots cache and delays)."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        resolver: Resolver = system_resolver,
        dialer: Dialer | None = None,
    ) -> None:
        self.settings = s = settings or FetchSettings()
        self._client = httpx.Client(
            transport=GuardedTransport(
                allow_loopback=s.allow_loopback,
                dns_timeout=s.dns_timeout,
                max_connections=s.max_connections,
                resolver=resolver,
                dialer=dialer,
            ),
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[])),
            headers={
                "User-Agent": s.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=s.total_timeout),
        )
        self._throttle = HostThrottle(s.per_host_delay)
        self._robots = RobotsCache(self._load_robots, ttl=s.robots_ttl)
        self._closed = threading.Event()

    def close(self) -> None:
        self._closed.set()
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, previous: PreviousFetch | None = None) -> FetchResult:
        """GET `url` (following up to max_redirects, each re-checked). Never raises."""
        return self._guarded(url, previous=previous, check_robots=self.settings.respect_robots)

    # -- internals -----------------------------------------------------------------------------

    def _load_robots(self, robots_url: str) -> FetchResult:
        return self._guarded(
            robots_url, previous=None, check_robots=False, max_bytes=self.settings.robots_max_bytes
        )

    def _guarded(
        self, url: str, *, previous: PreviousFetch | None, check_robots: bool, max_bytes: int | None = None
    ) -> FetchResult:
        fetched_at = dt.datetime.now(dt.UTC)
        started = time.monotonic()
        state: dict = {"final_url": None, "redirects": [], "status": None, "headers": ()}

        def finish(outcome: Outcome, reason: str, **extra: object) -> FetchResult:
            fields = {
                "final_url": state["final_url"],
                "status_code": state["status"],
                "headers": state["headers"],
                "redirects": tuple(state["redirects"]),
            }
            fields.update(extra)
            return FetchResult(
                requested_url=url,
                outcome=outcome,
                reason=reason,
                fetched_at=fetched_at,
                elapsed=time.monotonic() - started,
                **fields,  # type: ignore[arg-type]
            )

        try:
            with budget(self.settings.total_timeout) as b:
                return self._chain(url, previous, check_robots, max_bytes, b, state, finish)
        except _Stop as stop:
            return finish(stop.outcome, stop.reason)
        except Exception as exc:  # the promise: never an exception to the caller
            # A read cut short by the remaining budget is the total limit, not the read limit.
            spent = b.remaining() <= 0
            return finish(*_classify(exc, state["final_url"] or url, self.settings, spent))

    def _chain(self, url, previous, check_robots, max_bytes, b, state, finish) -> FetchResult:  # noqa: ANN001
        s = self.settings
        headers = {}
        if previous is not None:
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        current = url
        for _hop in range(s.max_redirects + 1):
            problem = url_problem(current)
            if problem:
                where = "" if current == url else f"redirect to {current}: "
                raise _Stop(Outcome.REFUSED_URL, where + problem)
            state["final_url"] = current
            key = host_key(current)
            crawl_delay = None
            if check_robots:
                rules = self._robots.rules(key)
                if rules.failure is not None:
                    raise _Stop(rules.failure.outcome, rules.failure.reason)
                why = rules.verdict(current, s.robots_token)
                if why:
                    raise _Stop(Outcome.ROBOTS_DISALLOWED, why)
                crawl_delay = rules.crawl_delay(s.robots_token)
            b.pause(self._throttle.reserve(key, crawl_delay))
            with self._client.stream("GET", current, headers=headers) as response:
                state["status"] = response.status_code
                state["headers"] = tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                )
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    try:
                        nxt = str(response.url.join(location))
                    except (httpx.InvalidURL, ValueError) as exc:
                        raise _Stop(
                            Outcome.REFUSED_URL, f"redirect to an invalid URL {location!r}: {exc}"
                        ) from None
                    state["redirects"].append((response.status_code, nxt))
                    current = nxt
                    continue
                return self._read(response, max_bytes or s.max_bytes, finish)
        raise _Stop(
            Outcome.TOO_MANY_REDIRECTS,
            f"more than {s.max_redirects} redirects (last to {current})",
        )

    def _read(self, response: httpx.Response, cap: int, finish) -> FetchResult:  # noqa: ANN001
        status = response.status_code
        phrase = f"HTTP {status} {response.reason_phrase}".strip()
        if status == 304:
            return finish(Outcome.NOT_MODIFIED, "not modified since the last fetch (HTTP 304)")
        if status in (401, 403, 429):
            extra = ""
            if status == 429 and response.headers.get("retry-after"):
                extra = f"; Retry-After: {response.headers['retry-after'][:40]}"
            return finish(Outcome.BLOCKED, f"the server refused access ({phrase}{extra})")
        if status in (404, 410):
            return finish(Outcome.GONE, f"the page is gone ({phrase})")
        if status >= 500:
            return finish(Outcome.SERVER_ERROR, f"server error ({phrase})")
        if not 200 <= status < 300:
            return finish(Outcome.HTTP_ERROR, f"unusable reply ({phrase})")
        declared = response.headers.get("content-length")
        if declared and declared.strip().isdigit() and int(declared) > cap:
            return finish(
                Outcome.TOO_LARGE, f"the body is {int(declared):,} bytes, over the {cap:,} byte limit"
            )
        media = media_type(response.headers.get("content-type"))
        if media is not None and media != "application/octet-stream" and not is_text_media(media):
            return finish(Outcome.NOT_TEXT, f"content type {media} is not a document the monitor reads")
        decoder = _Decoder(response.headers.get("content-encoding"), cap)
        raw_total = 0
        for chunk in response.iter_raw(CHUNK):
            raw_total += len(chunk)
            if raw_total > cap:
                raise _Stop(Outcome.TOO_LARGE, f"the body is larger than the {cap:,} byte limit")
            decoder.feed(chunk)
        body = decoder.body()
        if media is None or media == "application/octet-stream":
            media = sniff_media(body)
            if media is None:
                return finish(Outcome.NOT_TEXT, "the body does not look like a document (binary content)")
        return finish(Outcome.OK, phrase, body=body, content_type=media)


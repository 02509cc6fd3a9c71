"""What a fetch can end as: one typed outcome with a reason a person can read, never an exception."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class Outcome(enum.StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    BLOCKED = "blocked"  # 401, 403, 429
    GONE = "gone"  # 404, 410
    HTTP_ERROR = "http_error"  # any other 4xx, or a status we cannot use
    SERVER_ERROR = "server_error"  # 5xx
    REFUSED_URL = "refused_url"  # not http(s), credentials in the URL, unparsable
    REFUSED_ADDRESS = "refused_address"  # resolves to (or redirects to) a non-public address
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    DNS_FAILURE = "dns_failure"
    TLS_FAILURE = "tls_failure"
    CONNECTION_FAILED = "connection_failed"
    PROTOCOL_ERROR = "protocol_error"  # the server did not speak HTTP properly
    ROBOTS_DISALLOWED = "robots_disallowed"
    NOT_TEXT = "not_text"
    FAILED = "failed"  # anything unforeseen: still an outcome, never a crash

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# Outcomes worth trying again later: the world may fix itself (a timeout, a 503, a 429).
RETRYABLE = frozenset(
    {
        Outcome.TIMEOUT,
        Outcome.DNS_FAILURE,
        Outcome.CONNECTION_FAILED,
        Outcome.SERVER_ERROR,
        Outcome.PROTOCOL_ERROR,
    }
)


@dataclass(frozen=True)
class PreviousFetch:
    """Validators from the last successful fetch, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    requested_url: str
    outcome: Outcome
    reason: str
    fetched_at: dt.datetime
    final_url: str | None = None
    status_code: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    content_type: str | None = None  # media type only, lower case, e.g. "text/html"
    redirects: tuple[tuple[int, str], ...] = field(default=())  # (status, Location resolved)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK

    @property
    def retryable(self) -> bool:
        return self.outcome in RETRYABLE or self.status_code == 429

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def etag(self) -> str | None:
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        return self.header("last-modified")

    @property
    def moved(self) -> bool:
        return self.final_url is not None and self.final_url != self.requested_url

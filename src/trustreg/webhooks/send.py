"""One signed POST to a webhook URL, through the monitor's guarded transport.

A webhook URL is hostile input: the host is resolved once, every address must be public (the same
address rule and transport as the evidence monitor; loopback only where the fetch settings allow it,
i.e. in tests), the connection goes to the checked address, and redirects are never followed (a
3xx is a failed attempt), so a redirect cannot lead to a private address either. The whole attempt
is bounded by the fetch settings' total time limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
from standardwebhooks import Webhook

from trustreg.evidence.fetch import FetchSettings
from trustreg.evidence.fetch.transport import AddressRefused, DnsFailure, GuardedTransport, budget
from trustreg.evidence.fetch.urls import url_problem

USER_AGENT = "TrustRegistryWebhooks/0.1"
MAX_RESPONSE_BYTES = 64 * 1024  # the receiver's answer is read (bounded) and dropped


@dataclass(frozen=True)
class SendResult:
    ok: bool
    reason: str
    status_code: int | None = None
    refused: bool = False  # never sent: the URL or its addresses are not allowed (retrying cannot help)


def signed_headers(secret: str, message_id: str, body: str, at: dt.datetime) -> dict[str, str]:
    """The Standard Webhooks headers: HMAC-SHA256 over ``id.timestamp.body``."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at.astimezone(dt.UTC), body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def _refusal(exc: BaseException) -> AddressRefused | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, AddressRefused):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def post(url: str, headers: dict[str, str], body: str, settings: FetchSettings) -> SendResult:
    """Never raises: every ending is a SendResult."""
    problem = url_problem(url)
    if problem:
        return SendResult(False, f"refused: {problem}", refused=True)
    transport = GuardedTransport(allow_loopback=settings.allow_loopback, dns_timeout=settings.dns_timeout,
                                 max_connections=2)
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout, pool=settings.total_timeout)
    try:
        with budget(settings.total_timeout), httpx.Client(
            transport=transport, follow_redirects=False, trust_env=False, timeout=timeout,
        ) as client, client.stream("POST", url, headers=headers, content=body.encode()) as response:
            read = 0
            for chunk in response.iter_raw():
                read += len(chunk)
                if read > MAX_RESPONSE_BYTES:
                    break
            status = response.status_code
    except AddressRefused as exc:
        return SendResult(False, f"refused: {exc}", refused=True)
    except DnsFailure as exc:
        return SendResult(False, f"DNS failed: {exc}")
    except httpx.TimeoutException:
        return SendResult(False, f"timed out (limit {settings.total_timeout:g} s)")
    except httpx.HTTPError as exc:
        refused = _refusal(exc)
        if refused is not None:
            return SendResult(False, f"refused: {refused}", refused=True)
        return SendResult(False, f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= status < 300:
        return SendResult(True, f"HTTP {status}", status)
    if 300 <= status < 400:
        return SendResult(False, f"HTTP {status}: redirects are not followed", status)
    return SendResult(False, f"HTTP {status}", status)

"""httpx transport that connects only to addresses it has checked.

The check and the connection use the same resolution: the host is resolved once, every address
must pass the address rule, and the socket is opened to one of those addresses. The URL keeps the
host name, so the Host header and TLS SNI/certificate checks stay on the name, and there is no
window for DNS rebinding between "check" and "connect".

A per-fetch budget (a context variable) bounds every read and write, so a server that trickles one
byte at a time cannot hold a fetch past its total time limit.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import socket
import ssl
import time
import typing
from collections.abc import Callable, Iterator

import httpcore
import httpx

from .addresses import refusal_reason

Resolver = Callable[[str, int], list[str]]
Dialer = Callable[[str, int], tuple[str, int]]


class AddressRefused(Exception):
    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to a refused address: {reason}" if host != address else reason)
        self.host, self.address, self.reason = host, address, reason


class DnsFailure(Exception):
    pass


class OutOfTime(httpcore.ReadTimeout):
    """The fetch's total time limit has passed (mapped by httpx to a timeout)."""


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def pause(self, seconds: float) -> None:
        """Wait without spending the budget (queueing for the per-host delay is not the server's fault)."""
        if seconds > 0:
            time.sleep(seconds)
            self.deadline += seconds


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("fetch_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    b = Budget(seconds)
    token = _budget.set(b)
    try:
        yield b
    finally:
        _budget.reset(token)


def _bounded(timeout: float | None) -> float | None:
    current = _budget.get()
    if current is None:
        return timeout
    remaining = current.remaining()
    if remaining <= 0:
        raise OutOfTime("the total time limit for this fetch has passed")
    return remaining if timeout is None else min(timeout, remaining)


_dns_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="trustreg-dns")


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


def resolve(host: str, port: int, resolver: Resolver, timeout: float) -> list[str]:
    """Resolve with a time limit (getaddrinfo itself has none)."""
    future = _dns_pool.submit(resolver, host, port)
    try:
        addresses = future.result(timeout=_bounded(timeout))
    except concurrent.futures.TimeoutError:
        raise DnsFailure(f"looking up {host} took longer than {timeout:g} s") from None
    except (socket.gaierror, UnicodeError) as exc:
        raise DnsFailure(f"{host} could not be resolved: {exc}") from None
    except OSError as exc:
        raise DnsFailure(f"{host} could not be resolved: {exc}") from None
    if not addresses:
        raise DnsFailure(f"{host} has no addresses")
    return addresses


def check_addresses(host: str, addresses: list[str], *, allow_loopback: bool) -> None:
    """Every address must be allowed: a name with one public and one private address is refused."""
    for address in addresses:
        reason = refusal_reason(address, allow_loopback=allow_loopback)
        if reason is not None:
            raise AddressRefused(host, address, reason)


class BudgetedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return BudgetedStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    def __init__(
        self,
        *,
        allow_loopback: bool,
        dns_timeout: float,
        resolver: Resolver = system_resolver,
        dialer: Dialer | None = None,
    ) -> None:
        self._allow_loopback = allow_loopback
        self._dns_timeout = dns_timeout
        self._resolver = resolver
        # Test seam: where to really connect for a checked address (the suite maps public test
        # addresses onto its loopback server). Production dials the checked address itself.
        self._dialer = dialer

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        name = host.decode("ascii") if isinstance(host, bytes) else host
        addresses = resolve(name, port, self._resolver, self._dns_timeout)
        check_addresses(name, addresses, allow_loopback=self._allow_loopback)
        last_error: Exception | None = None
        for address in addresses:
            target, target_port = self._dialer(address, port) if self._dialer else (address, port)
            try:
                stream = super().connect_tcp(
                    target, target_port, _bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            return BudgetedStream(stream)
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, *args: typing.Any, **kwargs: typing.Any) -> httpcore.NetworkStream:
        raise AddressRefused("unix socket", "unix socket", "unix sockets are never fetched")


class GuardedTransport(httpx.HTTPTransport):
    def __init__(
        self,
        *,
        allow_loopback: bool,
        dns_timeout: float,
        max_connections: int,
        resolver: Resolver = system_resolver,
        dialer: Dialer | None = None,
    ) -> None:
        super().__init__(trust_env=False)  # no proxies from the environment: they would resolve for us
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(
                allow_loopback=allow_loopback, dns_timeout=dns_timeout, resolver=resolver, dialer=dialer
            ),
        )

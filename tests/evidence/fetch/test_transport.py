"""The guarded transport on its own: an httpx client over it, against the loopback scenario server.

Public test names are resolved by a table and dialled onto the loopback server, exactly as the
production rules would dial a checked public address; nothing here mocks the transport itself.
"""

import ipaddress
import socket
import threading

import httpcore
import httpx
import pytest

from tests.evidence.evidence_scenarios import Page, html
from trustreg.evidence.fetch.transport import (
    AddressRefused,
    Budget,
    DnsFailure,
    GuardedBackend,
    GuardedTransport,
    budget,
    check_addresses,
    resolve,
    system_resolver,
)

PUBLIC = "93.184.215.14"
NAMES = {
    "vendor.test": [PUBLIC],
    "intranet.test": ["10.0.0.7"],
    "mixed.test": [PUBLIC, "192.168.1.20"],
    "metadata.test": ["169.254.169.254"],
    "linklocal.test": ["169.254.10.1"],
    "linklocal6.test": ["fe80::1%eth0"],
    "mapped.test": ["::ffff:10.0.0.7"],
    "mapped-loopback.test": ["::ffff:127.0.0.1"],
    "loopback.test": ["127.0.0.1"],
    "loopback6.test": ["::1"],
    "ula.test": ["fd12:3456::1"],
    "cgnat.test": ["100.64.0.1"],
}


def table_resolver(host, port):
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    if host in NAMES:
        return list(NAMES[host])
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


class Dials:
    """Records which checked addresses the transport asked to dial; sends the public one to the server."""

    def __init__(self, port):
        self.port, self.addresses = port, []

    def __call__(self, address, port):
        self.addresses.append(address)
        assert address == PUBLIC, "only checked public addresses are dialled"
        return "127.0.0.1", self.port


def client(transport):
    return httpx.Client(transport=transport, follow_redirects=True, timeout=30.0)


@pytest.fixture
def dials(server):
    return Dials(server.port)


@pytest.fixture
def production(dials):
    transport = GuardedTransport(
        allow_loopback=False, dns_timeout=30.0, max_connections=2, resolver=table_resolver, dialer=dials
    )
    with client(transport) as c:
        yield c


def test_a_public_name_is_fetched_with_the_name_kept_in_the_host_header(server, production, dials):
    server.pages["/page"] = Page(html("page", "hello"))
    response = production.get("http://vendor.test/page")
    assert response.status_code == 200
    assert b"hello" in response.content
    assert [h["Host"] for p, h in server.requests if p == "/page"] == ["vendor.test"]
    assert dials.addresses == [PUBLIC]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("intranet.test", "10.0.0.7 is private (10.0.0.0/8)"),
        ("metadata.test", "169.254.169.254 is a cloud metadata address"),
        ("linklocal.test", "169.254.10.1 is link-local"),
        ("linklocal6.test", "fe80::1 is link-local"),
        ("mapped.test", "(IPv4-mapped 10.0.0.7) is private"),
        ("mapped-loopback.test", "(IPv4-mapped 127.0.0.1) is loopback"),
        ("loopback.test", "127.0.0.1 is loopback"),
        ("loopback6.test", "::1 is loopback"),
        ("ula.test", "fd12:3456::1 is unique local"),
        ("cgnat.test", "100.64.0.1 is carrier-grade NAT"),
    ],
)
def test_a_name_resolving_to_a_refused_address_is_never_dialled(server, production, dials, name, why):
    with pytest.raises(AddressRefused) as refused:
        production.get(f"http://{name}/page")
    assert str(refused.value).startswith(f"{name} resolves to a refused address: ")
    assert why in str(refused.value)
    assert refused.value.host == name
    assert dials.addresses == []
    assert server.requests == []


def test_a_name_with_one_public_and_one_private_address_is_refused_before_any_connection(
    server, production, dials
):
    with pytest.raises(AddressRefused, match="192.168.1.20 is private"):
        production.get("http://mixed.test/page")
    assert dials.addresses == []


@pytest.mark.parametrize("literal", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "[::ffff:192.168.0.1]"])
def test_an_address_literal_in_the_url_is_checked_like_a_name(server, production, dials, literal):
    with pytest.raises(AddressRefused) as refused:
        production.get(f"http://{literal}:{server.port}/page")
    assert refused.value.host == refused.value.address  # the message is the reason alone
    assert str(refused.value) == refused.value.reason
    assert server.requests == []


def test_loopback_literal_resolution_uses_the_system_resolver_and_is_refused_by_default(server):
    transport = GuardedTransport(allow_loopback=False, dns_timeout=30.0, max_connections=1)
    server.pages["/page"] = Page(html("page"))
    with client(transport) as c, pytest.raises(AddressRefused, match="127.0.0.1 is loopback"):
        c.get(server.url("/page"))
    assert server.requests == []


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://intranet.test/admin", "10.0.0.7 is private"),
        ("http://metadata.test/latest/meta-data/", "cloud metadata"),
        ("http://mapped.test/", "IPv4-mapped 10.0.0.7"),
        ("http://127.0.0.1:{port}/page", "127.0.0.1 is loopback"),
    ],
)
def test_every_redirect_is_checked_again_before_it_is_followed(server, production, dials, target, why):
    server.pages["/page"] = Page(html("page", "secret"))
    with pytest.raises(AddressRefused, match=why):
        production.get(f"http://vendor.test/to?url={target.format(port=server.port)}")
    assert server.hits("/to") == 1
    assert server.hits("/page") == 0
    assert dials.addresses == [PUBLIC]


def test_a_redirect_to_another_public_name_is_followed(server, production):
    NAMES_WITH_OTHER = {"other.test": [PUBLIC]}
    server.pages["/page"] = Page(html("moved", "here"))

    def resolver(host, port):
        return NAMES_WITH_OTHER.get(host) or table_resolver(host, port)

    transport = GuardedTransport(
        allow_loopback=False, dns_timeout=30.0, max_connections=2, resolver=resolver, dialer=Dials(server.port)
    )
    with client(transport) as c:
        response = c.get("http://vendor.test/to?url=http://other.test/page")
    assert response.status_code == 200
    assert str(response.url) == "http://other.test/page"
    assert [h["Host"] for p, h in server.requests if p == "/page"] == ["other.test"]


def test_the_socket_goes_to_the_checked_address_and_the_name_is_never_resolved_again(server):
    """DNS rebinding: the name resolves to a public address once, then to a private one.

    The transport must dial what it checked (here: the server's loopback address, allowed by the
    test setting) and never hand the name to the system resolver, which would not know it.
    """
    answers = {"rebind.test": [["127.0.0.1"], ["10.0.0.7"]]}
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]

    server.pages["/page"] = Page(html("page", "first"))
    transport = GuardedTransport(allow_loopback=True, dns_timeout=30.0, max_connections=1, resolver=rebinding)
    with client(transport) as c:
        first = c.get(f"http://rebind.test:{server.port}/page", headers={"Connection": "close"})
        assert first.status_code == 200
        assert calls == ["rebind.test"]
        # A new connection resolves again, and now gets the private answer: refused.
        with pytest.raises(AddressRefused, match="10.0.0.7 is private"):
            c.get(f"http://rebind.test:{server.port}/page", headers={"Connection": "close"})
    assert calls == ["rebind.test", "rebind.test"]
    assert server.hits("/page") == 1
    assert [h["Host"] for p, h in server.requests] == [f"rebind.test:{server.port}"]


def test_allow_loopback_lets_loopback_through_and_nothing_else(server):
    server.pages["/page"] = Page(html("page"))
    transport = GuardedTransport(allow_loopback=True, dns_timeout=30.0, max_connections=1, resolver=table_resolver)
    with client(transport) as c:
        assert c.get(f"http://loopback.test:{server.port}/page").status_code == 200
        for name in ("intranet.test", "mapped.test", "metadata.test"):
            with pytest.raises(AddressRefused):
                c.get(f"http://{name}:{server.port}/page")
    assert server.hits("/page") == 1


def test_unix_sockets_are_never_opened():
    backend = GuardedBackend(allow_loopback=True, dns_timeout=1.0)
    with pytest.raises(AddressRefused, match="unix sockets are never fetched"):
        backend.connect_unix_socket("/var/run/docker.sock")


# -- resolving ---------------------------------------------------------------------------------


def test_an_unknown_name_is_a_dns_failure_naming_the_host():
    with pytest.raises(DnsFailure, match="nowhere.test could not be resolved"):
        resolve("nowhere.test", 80, table_resolver, 30.0)


def test_a_name_with_no_addresses_is_a_dns_failure():
    with pytest.raises(DnsFailure, match="empty.test has no addresses"):
        resolve("empty.test", 80, lambda host, port: [], 30.0)


def test_a_lookup_that_hangs_ends_at_the_dns_time_limit():
    release = threading.Event()

    def hanging(host, port):
        release.wait(60)
        return [PUBLIC]

    try:
        with pytest.raises(DnsFailure, match="looking up slow.test took longer than 0.05 s"):
            resolve("slow.test", 80, hanging, 0.05)
    finally:
        release.set()


def test_the_system_resolver_lists_each_address_once():
    assert system_resolver("127.0.0.1", 80) == ["127.0.0.1"]


def test_check_addresses_accepts_only_when_every_address_is_allowed():
    check_addresses("vendor.test", [PUBLIC, "2606:2800:220:1:248:1893:25c8:1946"], allow_loopback=False)
    with pytest.raises(AddressRefused) as refused:
        check_addresses("vendor.test", [PUBLIC, "::ffff:169.254.169.254"], allow_loopback=False)
    assert refused.value.address == "::ffff:169.254.169.254"
    assert "cloud metadata" in refused.value.reason


# -- the per-fetch budget -----------------------------------------------------------------------


def test_a_server_that_trickles_bytes_cannot_outlast_the_fetch_budget(server):
    """/slow sends a byte every 50 ms for 30 s: each read is quick, so only the budget stops it."""
    transport = GuardedTransport(allow_loopback=True, dns_timeout=30.0, max_connections=1, resolver=table_resolver)
    with client(transport) as c, budget(0.5), pytest.raises(httpx.TimeoutException):
        c.get(f"http://loopback.test:{server.port}/slow")


def test_without_a_budget_reads_use_their_own_timeout(server):
    server.pages["/page"] = Page(html("page", "whole"))
    transport = GuardedTransport(allow_loopback=True, dns_timeout=30.0, max_connections=1, resolver=table_resolver)
    with client(transport) as c:
        assert b"whole" in c.get(f"http://loopback.test:{server.port}/page").content


def test_a_spent_budget_refuses_to_start_a_connection(server):
    transport = GuardedTransport(allow_loopback=True, dns_timeout=30.0, max_connections=1, resolver=table_resolver)
    server.pages["/page"] = Page(html("page"))
    with client(transport) as c, budget(-1.0), pytest.raises(httpx.TimeoutException):
        c.get(f"http://loopback.test:{server.port}/page")
    assert server.requests == []


def test_pausing_does_not_spend_the_budget():
    b = Budget(10.0)
    before = b.deadline
    b.pause(0.01)
    assert b.deadline == pytest.approx(before + 0.01)
    b.pause(0)
    b.pause(-5)
    assert b.deadline == pytest.approx(before + 0.01)


def test_the_budget_is_scoped_to_its_block():
    from trustreg.evidence.fetch import transport

    assert transport._budget.get() is None
    with budget(5.0) as b:
        assert transport._budget.get() is b
        assert transport._bounded(None) <= 5.0
        assert transport._bounded(0.25) == 0.25
    assert transport._budget.get() is None
    assert transport._bounded(None) is None


def test_out_of_time_is_a_read_timeout_for_httpcore_and_httpx():
    from trustreg.evidence.fetch.transport import OutOfTime

    assert issubclass(OutOfTime, httpcore.ReadTimeout)

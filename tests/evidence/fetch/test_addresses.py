import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.evidence.fetch.addresses import is_fetchable, refusal_reason

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("::ffff:10.0.0.1", "private"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.127.255.254", "carrier-grade NAT"),
    ("100.100.100.200", "metadata"),
    ("169.254.169.254", "metadata"),
    ("::ffff:169.254.169.254", "metadata"),
    ("169.254.170.2", "metadata"),
    ("168.63.129.16", "metadata"),
    ("fd00:ec2::254", "metadata"),
    ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("192.0.0.8", "192.0.0.0/24"),
    ("192.0.0.9", "192.0.0.0/24"),
    ("192.0.0.170", "192.0.0.0/24"),
    ("64:ff9b::7f00:1", "NAT64"),
    ("64:ff9b::a9fe:a9fe", "NAT64"),
    ("64:ff9b::808:808", "NAT64"),
    ("64:ff9b:1::1", "NAT64"),
    ("2002:7f00:1::1", "6to4"),
    ("2002:0808:0808::1", "6to4"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("::7f00:1", "IPv4-compatible"),
    ("fc00::1", "unique local"),
    ("fd12:3456::1", "unique local"),
    ("192.0.2.10", "documentation"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.99", "documentation"),
    ("2001:db8::1", "documentation"),
    ("198.18.0.1", "benchmarking"),
]

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "20.190.160.1",
    "100.63.255.255",  # just below CGNAT
    "100.128.0.1",  # just above CGNAT
    "172.32.0.1",  # just above 172.16/12
    "192.0.1.1",  # just above 192.0.0.0/24
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
]


@pytest.mark.parametrize(("address", "why"), REFUSED)
def test_it_refuses_non_public_addresses_with_a_reason(address, why):
    reason = refusal_reason(address)
    assert reason is not None
    assert why.lower() in reason.lower()


@pytest.mark.parametrize("address", PUBLIC)
def test_it_allows_public_addresses(address):
    assert refusal_reason(address) is None


def test_loopback_is_allowed_only_when_the_test_setting_is_on():
    assert not is_fetchable("127.0.0.1")
    assert is_fetchable("127.0.0.1", allow_loopback=True)
    assert is_fetchable("::1", allow_loopback=True)
    assert is_fetchable("::ffff:127.0.0.1", allow_loopback=True)


def test_allowing_loopback_does_not_open_any_other_range():
    for address, why in REFUSED:
        if why != "loopback":
            assert not is_fetchable(address, allow_loopback=True), address


def test_it_refuses_text_that_is_not_an_address():
    assert "not an IP address" in refusal_reason("example.com")


ipv4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
ipv6 = st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address)


@given(ipv4)
def test_every_allowed_ipv4_address_is_global_and_not_in_a_special_range(ip):
    if is_fetchable(ip):
        assert ip.is_global
        assert not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast)
        assert ip not in ipaddress.ip_network("100.64.0.0/10")
        assert ip not in ipaddress.ip_network("192.0.0.0/24")


@given(ipv4)
def test_an_ipv4_address_and_its_mapped_form_get_the_same_verdict(ip):
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    assert is_fetchable(ip) == is_fetchable(mapped)


@given(ipv4)
def test_no_ipv4_address_is_reachable_through_nat64_or_6to4(ip):
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(ip))
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(ip) << 80) | 1)
    assert not is_fetchable(nat64)
    assert not is_fetchable(sixtofour)


@given(ipv6)
def test_every_allowed_ipv6_address_is_global(ip):
    if is_fetchable(ip):
        assert ip.is_global
        assert not (ip.is_multicast or ip.is_link_local or ip.is_site_local or ip.is_reserved)

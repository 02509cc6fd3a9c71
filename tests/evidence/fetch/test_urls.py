"""Which URLs the fetcher considers at all, and the host key robots.txt and the delay are kept under."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.evidence.fetch.urls import MAX_URL_LENGTH, host_key, url_problem


@pytest.mark.parametrize(("url", "problem"), [
    ("", "the URL is empty"),
    ("ftp://vendor.example/file", "scheme 'ftp' is not allowed (only http and https)"),
    ("javascript:alert(1)", "scheme 'javascript' is not allowed (only http and https)"),
    ("https://user:secret@vendor.example/", "credentials in the URL are not allowed"),
    ("https://vendor.example/" + "a" * MAX_URL_LENGTH, f"the URL is longer than {MAX_URL_LENGTH} characters"),
])
def test_a_url_the_fetcher_will_not_consider_says_why(url, problem):
    assert url_problem(url) == problem


def test_a_plain_https_url_is_considered():
    assert url_problem("https://vendor.example/legal/dpa?v=2") is None


@given(st.sampled_from(["http", "https"]), st.from_regex(r"[a-z][a-z0-9-]{0,20}\.example", fullmatch=True),
       st.one_of(st.none(), st.integers(1, 65535)), st.from_regex(r"/[a-z0-9/]{0,20}", fullmatch=True))
def test_every_page_of_a_host_shares_one_key_with_its_port_spelled_out(scheme, host, port, path):
    netloc = host if port is None else f"{host}:{port}"
    key = host_key(f"{scheme}://{netloc}{path}")
    default = 443 if scheme == "https" else 80
    assert key == f"{scheme}://{host}:{port or default}"
    assert host_key(f"{scheme}://{netloc}/other") == key


def test_an_ipv6_host_key_keeps_its_brackets():
    assert host_key("https://[2001:db8::1]/x") == "https://[2001:db8::1]:443"

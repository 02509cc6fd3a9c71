"""Would the fetcher fetch a URL? The same checks as a fetch (URL, lookup, public addresses only),
answered without a request; the lookup is a stand-in resolver, so no network is used."""

from __future__ import annotations

from trustreg.evidence.fetch.check import check_url
from trustreg.evidence.fetch.transport import DnsFailure


def resolver(answers: dict[str, list[str]]):  # noqa: ANN201
    def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise DnsFailure(f"{host} does not resolve")
        return answers[host]
    return resolve


def test_a_host_with_only_public_addresses_may_be_fetched():
    verdict = check_url("https://vendor.example/dpa", resolver=resolver({"vendor.example": ["93.184.216.34"]}))
    assert verdict.allowed and verdict.addresses == ("93.184.216.34",)
    assert verdict.reason == "vendor.example resolves only to public addresses"


def test_a_host_that_also_resolves_to_a_private_or_metadata_address_is_refused():
    for address in ("10.0.0.5", "169.254.169.254", "127.0.0.1", "::ffff:192.168.1.1"):
        answers = {"vendor.example": ["93.184.216.34", address]}
        verdict = check_url("https://vendor.example/dpa", resolver=resolver(answers))
        assert not verdict.allowed and "refused address" in verdict.reason, address


def test_a_bad_url_is_refused_before_any_lookup():
    looked_up: list[str] = []

    def spy(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return []

    verdict = check_url("file:///etc/passwd", resolver=spy)
    assert not verdict.allowed and "scheme 'file'" in verdict.reason and looked_up == []


def test_a_host_that_does_not_resolve_is_refused_with_the_lookup_failure():
    verdict = check_url("https://nowhere.example/", resolver=resolver({}))
    assert not verdict.allowed and verdict.reason == "nowhere.example does not resolve"

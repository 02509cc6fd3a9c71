from django.test import RequestFactory, override_settings

from trustreg.workbench.clientip import address_key, client_ip

rf = RequestFactory()


def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(request) == "203.0.113.5"


@override_settings(TRUSTREG_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_claims():
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_a_request_without_an_address_has_none():
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None


def test_ipv6_addresses_share_a_rate_limit_per_64_and_keys_do_not_reveal_the_address():
    assert address_key("2001:db8::1") == address_key("2001:db8::ffff:1")
    assert address_key("2001:db8:0:1::1") != address_key("2001:db8::1")
    assert "203.0.113.5" not in address_key("203.0.113.5")

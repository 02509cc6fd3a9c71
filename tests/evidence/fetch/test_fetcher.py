import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.evidence.conftest import PATIENT
from tests.evidence.evidence_scenarios import Page, html, tiny_pdf
from trustreg.evidence.fetch import Fetcher, FetchSettings, Outcome, PreviousFetch, check_url, fetch
from trustreg.evidence.fetch.throttle import HostThrottle

PUBLIC_TEST_ADDRESS = "93.184.215.14"


def test_it_fetches_a_page_with_its_headers_status_and_final_url(server, fetcher):
    server.pages["/privacy"] = Page(html("Privacy", "We keep prompts for 30 days."))
    result = fetcher.fetch(server.url("/privacy"))
    assert result.outcome is Outcome.OK
    assert result.status_code == 200
    assert result.final_url == server.url("/privacy")
    assert result.content_type == "text/html"
    assert b"30 days" in result.body
    assert result.header("content-type").startswith("text/html")
    assert not result.moved


def test_it_sends_a_fixed_user_agent_and_no_cookies(server, fetcher):
    server.pages["/a"] = Page(html("A"), headers={"Set-Cookie": "session=abc"})
    fetcher.fetch(server.url("/a"))
    fetcher.fetch(server.url("/a"))
    sent = [headers for path, headers in server.requests if path == "/a"]
    assert all(h["User-Agent"] == FetchSettings().user_agent for h in sent)
    assert all("Cookie" not in h for h in sent)


def test_it_makes_a_conditional_get_and_reports_not_modified(server, fetcher):
    server.pages["/cert"] = Page(html("Certificate"), headers={"ETag": '"v1"'})
    first = fetcher.fetch(server.url("/cert"))
    again = fetcher.fetch(server.url("/cert"), previous=PreviousFetch(etag=first.etag))
    assert first.etag == '"v1"'
    assert again.outcome is Outcome.NOT_MODIFIED
    assert again.body is None


def test_it_follows_redirects_and_reports_where_the_page_moved(server, fetcher):
    server.pages["/new-home"] = Page(html("Data privacy"))
    server.pages["/old-home"] = Page(b"", status=301, headers={"Location": "/new-home"})
    result = fetcher.fetch(server.url("/old-home"))
    assert result.outcome is Outcome.OK
    assert result.moved
    assert result.final_url == server.url("/new-home")
    assert result.redirects == ((301, server.url("/new-home")),)


def test_it_follows_five_redirects_but_not_six(server, fetcher):
    assert fetcher.fetch(server.url("/chain/5")).outcome is Outcome.OK
    result = fetcher.fetch(server.url("/chain/6"))
    assert result.outcome is Outcome.TOO_MANY_REDIRECTS
    assert "more than 5 redirects" in result.reason


def test_endless_redirects_end_as_an_outcome(server, fetcher):
    result = fetcher.fetch(server.url("/endless/0"))
    assert result.outcome is Outcome.TOO_MANY_REDIRECTS
    assert server.hits("/endless/6") == 0


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://100.100.100.200/latest/meta-data/", "metadata"),
        ("http://10.0.0.1/admin", "private"),
        ("http://[::ffff:192.168.0.1]/", "private"),
        ("http://[64:ff9b::a9fe:a9fe]/", "NAT64"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
    ],
)
def test_it_refuses_a_redirect_to_a_private_address(server, fetcher, target, why):
    result = fetcher.fetch(server.url(f"/to?url={target}"))
    assert result.outcome is Outcome.REFUSED_ADDRESS
    assert why.lower() in result.reason.lower()


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/x", "gopher://x/"])
def test_it_refuses_a_redirect_to_another_scheme(server, fetcher, target):
    result = fetcher.fetch(server.url(f"/to?url={target}"))
    assert result.outcome is Outcome.REFUSED_URL
    assert "not allowed" in result.reason


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (401, Outcome.BLOCKED),
        (403, Outcome.BLOCKED),
        (429, Outcome.BLOCKED),
        (404, Outcome.GONE),
        (410, Outcome.GONE),
        (503, Outcome.SERVER_ERROR),
        (418, Outcome.HTTP_ERROR),
    ],
)
def test_http_errors_end_as_typed_outcomes(server, fetcher, status, outcome):
    server.pages["/p"] = Page(html("nope"), status=status)
    result = fetcher.fetch(server.url("/p"))
    assert result.outcome is outcome
    assert str(status) in result.reason
    assert result.status_code == status


def test_only_temporary_failures_are_retryable(server, fetcher):
    server.pages["/busy"] = Page(b"", status=429)
    server.pages["/down"] = Page(b"", status=503)
    server.pages["/no"] = Page(b"", status=403)
    assert fetcher.fetch(server.url("/busy")).retryable
    assert fetcher.fetch(server.url("/down")).retryable
    assert not fetcher.fetch(server.url("/no")).retryable


@pytest.mark.parametrize("path", ["/huge", "/huge-declared", "/gzip-bomb"])
def test_a_body_past_the_cap_is_cut_off(server, fetcher, path):
    result = fetcher.fetch(server.url(path))
    assert result.outcome is Outcome.TOO_LARGE
    assert result.body is None
    assert "limit" in result.reason


@pytest.mark.parametrize("path", ["/slow", "/stall"])
def test_a_page_that_never_finishes_times_out(server, impatient_fetcher, path):
    result = impatient_fetcher.fetch(server.url(path))
    assert result.outcome is Outcome.TIMEOUT
    assert result.retryable


@pytest.mark.parametrize("path", ["/slow", "/stall"])
def test_a_timeouts_reason_is_a_sentence_naming_the_limit_before_the_url(server, impatient_fetcher, path):
    result = impatient_fetcher.fetch(server.url(path))
    assert result.reason.startswith("Timed out: ")
    assert "took longer than its 0.5 s limit" in result.reason or "sent nothing for 0.3 s" in result.reason
    assert result.reason.endswith(f"({server.url(path)}).")


def test_malformed_html_is_fetched_as_it_is(server, fetcher):
    broken = b"<html><body><p>unclosed <div><table><tr><td>cell</b></i>\xff\xfe<<<>>>"
    server.pages["/broken"] = Page(broken)
    result = fetcher.fetch(server.url("/broken"))
    assert result.outcome is Outcome.OK
    assert result.body == broken


def test_a_pdf_is_fetched_as_a_document(server, fetcher):
    server.pages["/soc2.pdf"] = Page(tiny_pdf("SOC 2 Type II"), content_type="application/pdf")
    result = fetcher.fetch(server.url("/soc2.pdf"))
    assert result.outcome is Outcome.OK
    assert result.content_type == "application/pdf"
    assert result.body.startswith(b"%PDF-")


def test_a_pdf_served_as_octet_stream_is_recognised(server, fetcher):
    server.pages["/dl"] = Page(tiny_pdf("x"), content_type="application/octet-stream")
    assert fetcher.fetch(server.url("/dl")).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png"),
        (b"\x00\x01\x02binary", "application/octet-stream"),
    ],
)
def test_non_text_content_is_refused(server, fetcher, body, content_type):
    server.pages["/blob"] = Page(body, content_type=content_type)
    result = fetcher.fetch(server.url("/blob"))
    assert result.outcome is Outcome.NOT_TEXT
    assert result.body is None


def test_a_server_that_does_not_speak_http_is_a_protocol_error(server, fetcher):
    assert fetcher.fetch(server.url("/garbage")).outcome is Outcome.PROTOCOL_ERROR


def test_tls_to_a_plain_http_server_is_a_tls_failure(server, fetcher):
    result = fetcher.fetch(f"https://127.0.0.1:{server.port}/")
    assert result.outcome is Outcome.TLS_FAILURE


def test_a_closed_port_is_a_connection_failure(fetcher):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert fetcher.fetch(f"http://127.0.0.1:{port}/").outcome is Outcome.CONNECTION_FAILED


def test_robots_txt_is_respected_and_fetched_once_per_host(server, fetcher):
    server.pages["/robots.txt"] = Page(
        b"User-agent: TrustRegistryBot\nDisallow: /internal/\n", content_type="text/plain"
    )
    server.pages["/internal/x"] = Page(html("internal"))
    server.pages["/public"] = Page(html("public"))
    blocked = fetcher.fetch(server.url("/internal/x"))
    allowed = fetcher.fetch(server.url("/public"))
    assert blocked.outcome is Outcome.ROBOTS_DISALLOWED
    assert allowed.outcome is Outcome.OK
    assert server.hits("/internal/x") == 0
    assert server.hits("/robots.txt") == 1


def test_a_failing_robots_txt_means_the_site_is_treated_as_disallowed(server, fetcher):
    server.pages["/robots.txt"] = Page(b"", status=503)
    server.pages["/page"] = Page(html("page"))
    result = fetcher.fetch(server.url("/page"))
    assert result.outcome is Outcome.ROBOTS_DISALLOWED
    assert server.hits("/page") == 0


def test_the_per_host_delay_spaces_requests_to_one_host():
    now = [100.0]  # a clock that moves only when the test says so: no dependence on the machine's speed
    throttle = HostThrottle(2.0, clock=lambda: now[0])
    assert throttle.reserve("http://a:80") == 0
    assert throttle.reserve("http://a:80") == 2.0
    assert throttle.reserve("http://b:80") == 0
    now[0] += 0.5
    assert throttle.reserve("http://a:80") == 3.5
    now[0] += 10
    assert throttle.reserve("http://a:80") == 0
    assert HostThrottle(0).reserve("http://a:80") == 0


def test_loopback_is_refused_by_default(server):
    server.pages["/page"] = Page(html("page"))
    with Fetcher(FetchSettings(per_host_delay=0)) as default:
        result = default.fetch(server.url("/page"))
    assert result.outcome is Outcome.REFUSED_ADDRESS
    assert "loopback" in result.reason
    assert server.requests == []


# -- production rules, with public test names dialled onto the loopback server ----------------


@pytest.fixture
def production_fetcher(server):
    names = {
        "vendor.test": [PUBLIC_TEST_ADDRESS],
        "intranet.test": ["10.0.0.7"],
        "mixed.test": [PUBLIC_TEST_ADDRESS, "192.168.1.20"],
        "metadata.test": ["169.254.169.254"],
    }

    def resolver(host, port):
        if host.replace(".", "").isdigit():
            return [host]
        if host in names:
            return names[host]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def dialer(address, port):
        assert address == PUBLIC_TEST_ADDRESS, "only checked public addresses are dialled"
        return "127.0.0.1", server.port

    patient = FetchSettings(per_host_delay=0, **PATIENT)
    with Fetcher(patient, resolver=resolver, dialer=dialer) as f:
        yield f


def test_with_production_rules_a_public_name_is_fetched(server, production_fetcher):
    server.pages["/page"] = Page(html("page"))
    result = production_fetcher.fetch("http://vendor.test/page")
    assert result.outcome is Outcome.OK
    assert [h["Host"] for p, h in server.requests if p == "/page"] == ["vendor.test"]


def test_with_production_rules_a_redirect_to_loopback_is_refused(server, production_fetcher):
    result = production_fetcher.fetch(f"http://vendor.test/to?url=http://127.0.0.1:{server.port}/page")
    assert result.outcome is Outcome.REFUSED_ADDRESS
    assert "127.0.0.1 is loopback" in result.reason
    assert server.hits("/page") == 0


@pytest.mark.parametrize("name", ["intranet.test", "mixed.test", "metadata.test"])
def test_a_name_resolving_to_a_private_address_is_refused(server, production_fetcher, name):
    result = production_fetcher.fetch(f"http://{name}/page")
    assert result.outcome is Outcome.REFUSED_ADDRESS
    assert name in result.reason


def test_a_redirect_to_a_name_resolving_to_a_private_address_is_refused(server, production_fetcher):
    result = production_fetcher.fetch("http://vendor.test/to?url=http://intranet.test/admin")
    assert result.outcome is Outcome.REFUSED_ADDRESS
    assert result.final_url == "http://intranet.test/admin"


def test_an_unknown_name_is_a_dns_failure(production_fetcher):
    result = production_fetcher.fetch("http://nowhere.test/")
    assert result.outcome is Outcome.DNS_FAILURE
    assert "nowhere.test" in result.reason


# -- check-url ---------------------------------------------------------------------------------


def test_check_url_explains_why_a_url_would_not_be_fetched():
    assert not check_url("http://169.254.169.254/latest/").allowed
    assert "metadata" in check_url("http://169.254.169.254/latest/").reason
    assert "loopback" in check_url("http://127.0.0.1:8000/").reason
    assert "scheme" in check_url("file:///etc/passwd").reason
    assert "credentials" in check_url("http://user:pw@example.com/").reason


def test_check_url_allows_a_public_address_and_loopback_only_with_the_test_setting():
    assert check_url("http://8.8.8.8/").allowed
    assert check_url("http://127.0.0.1/", FetchSettings(allow_loopback=True)).allowed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80) | st.from_regex(r"\Ahttps?://[a-z0-9.\-\[\]:%@]{0,30}/[ -~]{0,20}\Z"))
def test_fetch_never_raises_whatever_the_url(url):
    def no_dns(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "offline test")

    with Fetcher(FetchSettings(per_host_delay=0, total_timeout=1), resolver=no_dns) as offline:
        result = offline.fetch(url)
    assert result.outcome in set(Outcome)
    assert result.reason


def test_the_module_level_fetch_uses_safe_defaults(server):
    assert fetch(server.url("/x")).outcome is Outcome.REFUSED_ADDRESS

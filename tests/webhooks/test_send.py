"""One signed POST to a real local receiver: what counts as delivered, and what is refused unsent."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from trustreg.evidence.fetch import FetchSettings
from trustreg.webhooks.send import MAX_RESPONSE_BYTES, USER_AGENT, post, signed_headers

from .conftest import PATIENT

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # base64 of 24 bytes, as standardwebhooks keys are
LOOPBACK = FetchSettings(allow_loopback=True, per_host_delay=0, **PATIENT)
PRODUCTION = FetchSettings(per_host_delay=0, **PATIENT)
AT = dt.datetime(2026, 7, 5, 10, 0, tzinfo=dt.UTC)


def headers(body: str, at: dt.datetime = AT) -> dict[str, str]:
    return signed_headers(SECRET, "msg_1", body, at)


def test_a_2xx_answer_is_delivered_with_the_body_and_signed_headers(receiver):
    body = '{"type":"cell.published"}'
    result = post(receiver.url, headers(body), body, LOOPBACK)
    assert (result.ok, result.status_code, result.reason, result.refused) == (True, 200, "HTTP 200", False)
    [got] = receiver.received
    assert got.body == body.encode()
    assert got.headers["user-agent"] == USER_AGENT
    assert got.headers["webhook-timestamp"] == str(int(AT.timestamp()))


def test_the_signature_verifies_with_the_secret_and_not_after_tampering():
    body = '{"a":1}'
    now = dt.datetime.now(dt.UTC)
    signed = headers(body, now)
    assert Webhook(SECRET).verify(body, signed) == {"a": 1}
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify('{"a":2}', signed)


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_an_error_answer_is_a_failed_attempt_that_may_be_retried(receiver, status):
    receiver.answers.append((status, {}))
    result = post(receiver.url, headers("{}"), "{}", LOOPBACK)
    assert (result.ok, result.status_code, result.reason, result.refused) == (False, status, f"HTTP {status}", False)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_a_failed_attempt_and_is_not_followed(receiver, status):
    receiver.answers.append((status, {"location": receiver.url + "/elsewhere"}))
    result = post(receiver.url, headers("{}"), "{}", LOOPBACK)
    assert not result.ok and result.status_code == status
    assert result.reason == f"HTTP {status}: redirects are not followed"
    assert len(receiver.received) == 1


def test_loopback_is_refused_unsent_under_the_production_rules(receiver):
    result = post(receiver.url, headers("{}"), "{}", PRODUCTION)
    assert (result.ok, result.refused) == (False, True)
    assert result.reason.startswith("refused: ") and "loopback" in result.reason
    assert receiver.received == []


@pytest.mark.parametrize("url", ["ftp://vendor.example/hook", "file:///etc/passwd", "javascript:alert(1)",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::ffff:10.0.0.1]/hook", ""])
def test_a_url_that_may_not_be_fetched_is_refused_with_its_reason(url):
    result = post(url, headers("{}"), "{}", PRODUCTION)
    assert (result.ok, result.refused, result.status_code) == (False, True, None)
    assert result.reason.startswith("refused: ") and len(result.reason) > len("refused: ")


def test_a_closed_port_is_a_failed_attempt_not_a_refusal():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = post(f"http://127.0.0.1:{port}/hook", headers("{}"), "{}", LOOPBACK)
    assert (result.ok, result.refused, result.status_code) == (False, False, None)
    assert result.reason.startswith("ConnectError")
    assert len(result.reason) <= 500


def test_an_unknown_host_is_a_dns_failure_not_a_refusal():
    result = post("http://no-such-host.invalid/hook", headers("{}"), "{}", LOOPBACK)
    assert (result.ok, result.refused) == (False, False)
    assert result.reason.startswith("DNS failed: ") and "no-such-host.invalid" in result.reason


def test_an_endless_answer_is_read_only_up_to_its_bound():
    """A receiver that answers 200 and then streams without end cannot keep the sender reading."""
    total, sent = 200 * 1024 * 1024, [0]
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n")
            chunk = b"x" * 65536
            try:
                while sent[0] < total:
                    conn.sendall(chunk)
                    sent[0] += len(chunk)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        result = post(f"http://127.0.0.1:{server.getsockname()[1]}/hook", headers("{}"), "{}", LOOPBACK)
        thread.join(60)
    finally:
        server.close()
    assert (result.ok, result.status_code) == (True, 200)
    assert sent[0] < total // 4, "the sender stopped reading near its bound"
    assert MAX_RESPONSE_BYTES == 64 * 1024

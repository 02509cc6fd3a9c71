"""The per-request parts of a cached page: CSRF tokens and the time served (``trustreg.pagecache.fragments``)."""

from __future__ import annotations

from django.middleware.csrf import _unmask_cipher_token, get_token
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from trustreg.pagecache import fragments

ALNUM = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=64, max_size=64)


def render_tokens(n: int) -> tuple[bytes, object]:
    request = RequestFactory().get("/")
    with fragments.rendering_for_cache(request) as used:
        tokens = [get_token(request) for _ in range(n)]
        assert fragments.served_at(request) == fragments.NOW.decode()
    assert used()
    body = ("<form>" + "".join(f'<input value="{t}">' for t in tokens) + "</form>").encode()
    return body, request


def test_every_token_rendered_from_the_stand_in_secret_becomes_the_placeholder():
    body, request = render_tokens(3)
    masked = fragments.mask_tokens(body)
    assert masked.count(fragments.CSRF) == 3
    assert "CSRF_COOKIE" not in request.META and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


def test_filling_in_gives_the_request_its_own_token_and_cookie():
    body, _ = render_tokens(1)
    visitor = RequestFactory().get("/")
    filled = fragments.fill(fragments.mask_tokens(body), visitor)
    token = filled.split(b'value="')[1].split(b'"')[0].decode()
    assert _unmask_cipher_token(token) == visitor.META["CSRF_COOKIE"]
    assert visitor.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_the_visitors_own_csrf_state_is_restored_after_rendering_for_the_cache():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    with fragments.rendering_for_cache(request) as used:
        pass
    assert request.META["CSRF_COOKIE"] == "x" * 32 and not used()
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


@given(ALNUM)
def test_a_64_character_run_that_is_not_a_stand_in_token_is_left_alone(text):
    body = f"<p>{text}</p>".encode()
    assert fragments.mask_tokens(body) == body


def test_outside_a_cache_render_the_time_served_is_the_time_now():
    assert fragments.served_at(RequestFactory().get("/")) != fragments.NOW.decode()

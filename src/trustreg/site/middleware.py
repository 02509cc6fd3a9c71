"""Security headers every response carries (CSP without inline scripts; no CDN is ever used), and
static files served by WhiteNoise in the coding the site's one rule picks."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware

from trustreg.domain import codings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise's middleware, with a static file's coding chosen by ``domain.codings.choose``.

    WhiteNoise picks a compressed twin when the coding's name appears anywhere in
    ``Accept-Encoding``, weights ignored: ``br;q=0`` (brotli refused) got brotli, ``*`` and ``GZIP``
    got the plain file. Its responder is handed the header reduced to the coding the one rule chose
    (or none), so a stylesheet is sent as a page or a bulk file is."""

    @staticmethod
    def serve(static_file: Any, request: HttpRequest) -> Any:
        chosen = codings.choose(codings.header(request.META))
        meta = {**request.META, "HTTP_ACCEPT_ENCODING": "" if chosen == codings.IDENTITY else chosen}
        return WhiteNoiseMiddleware.serve(static_file, SimpleNamespace(method=request.method, META=meta))

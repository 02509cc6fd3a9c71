"""Security headers every response carries (CSP without inline scripts; no CDN is ever used), a NUL
in a request's path or query refused, and static files served by WhiteNoise in the coding the
site's one rule picks."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from whitenoise.middleware import WhiteNoiseMiddleware

from trustreg.domain import codings
from trustreg.site.asof import bad_request

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


class RefuseNulMiddleware:
    """A NUL character in the path or in a query parameter's name or value answers 400 naming where
    it is, before any view reads it: no address or filter of the site holds one, and PostgreSQL
    refuses NUL in text, so a view passing it to a query would fail with a 500. The API's answer is
    its JSON error (``{"detail": ...}``), a page's the site's 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = nul_in(request)
        if where is None:
            return self.get_response(request)
        message = f"{where}: must not contain a NUL character"
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return bad_request(request, message + ".")


def nul_in(request: HttpRequest) -> str | None:
    """Where a request carries a NUL: ``path``, a query parameter's name, or None."""
    if "\x00" in request.path_info:
        return "path"
    if "%00" not in request.META.get("QUERY_STRING", "") and "\x00" not in request.META.get("QUERY_STRING", ""):
        return None  # the usual case: nothing to decode
    for name, values in request.GET.lists():
        if "\x00" in name:
            return "query parameter name"
        if any("\x00" in v for v in values):
            return name[:60]
    return None


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

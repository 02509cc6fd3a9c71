"""``?as_of=YYYY-MM-DD`` on public pages: parse it once, refuse a bad date with a clear 400, read a
future date as today with a note."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from trustreg.domain.history import BadDate, not_after_today, parse_date


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "site/400.html", {"message": message}, status=400)


def date_param(request: HttpRequest, name: str) -> dt.date | None:
    """The date in query parameter ``name``, None when absent or empty; BadDate when malformed.

    A day that has not begun is read as today (the registry cannot show the future, and a clock a
    day ahead should not break a link); the note saying so goes in ``request.date_notes``."""
    raw = request.GET.get(name, "")
    if not raw.strip():
        return None
    day, note = not_after_today(parse_date(raw[:40], name=name), timezone.now().date(), name=name)
    if note:
        request.date_notes = [*getattr(request, "date_notes", []), note]  # type: ignore[attr-defined]
    return day


def with_as_of(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the parsed ``as_of`` date (or None) to ``view``; a malformed date answers 400."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            as_of = date_param(request, "as_of")
        except BadDate as exc:
            return bad_request(request, f"{exc}. Leave it out to see the registry as it is today.")
        return view(request, *args, as_of=as_of, **kwargs)

    return wrapper


def as_of_context(as_of: dt.date | None, past: Any) -> dict[str, Any]:
    """Template variables every as-of page shares: the banner's state and the query to keep."""
    if as_of is None:
        return {"as_of": None, "as_of_view": None, "as_of_qs": ""}
    return {"as_of": as_of, "as_of_view": past, "as_of_qs": f"?as_of={as_of.isoformat()}"}

"""What the workbench views share."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest

T = TypeVar("T")


def found(obj: T | None) -> T:
    """What a selector found, or the 404 page."""
    if obj is None:
        raise Http404("Not found.")
    return obj


def refused(request: HttpRequest, exc: Exception) -> None:
    for problem in getattr(exc, "problems", [str(exc)]):
        messages.error(request, str(problem))

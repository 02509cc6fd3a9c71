"""What the workbench views share."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest


def refused(request: HttpRequest, exc: Exception) -> None:
    for problem in getattr(exc, "problems", [str(exc)]):
        messages.error(request, str(problem))

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trustreg.domain.grades import GRADE_INFO


def site_context(request: HttpRequest) -> dict[str, Any]:
    # Absolute links where a page is printed or copied out of context (the host the reader used).
    return {"grade_info": GRADE_INFO, "base_url": request.build_absolute_uri("/").rstrip("/")}

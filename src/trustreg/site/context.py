from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trustreg.domain.grades import GRADE_INFO
from trustreg.domain.strength import STRENGTH_INFO

STRENGTH_LEGEND = list(STRENGTH_INFO.items())


def site_context(request: HttpRequest) -> dict[str, Any]:
    # Absolute links where a page is printed or copied out of context (the host the reader used).
    return {"grade_info": GRADE_INFO, "strength_legend": STRENGTH_LEGEND,
            "base_url": request.build_absolute_uri("/").rstrip("/")}

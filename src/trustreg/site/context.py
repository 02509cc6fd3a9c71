from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from trustreg.domain.grades import GRADE_INFO


def site_context(request: HttpRequest) -> dict[str, Any]:
    return {"grade_info": GRADE_INFO}

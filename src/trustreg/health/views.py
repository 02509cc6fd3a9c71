"""The public /health/ page: thin over ``trustreg.health.selectors``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.health.chart import health_chart
from trustreg.health.selectors import MONITOR_WINDOW_DAYS, health_shares, registry_health


@require_safe
def health_page(request: HttpRequest) -> HttpResponse:
    health = registry_health()
    return render(request, "health/health.html", {
        "health": health, "f": health.figures, "shares": health_shares(health.figures), "chart": health_chart(health.history),
        "window_days": MONITOR_WINDOW_DAYS,
    })

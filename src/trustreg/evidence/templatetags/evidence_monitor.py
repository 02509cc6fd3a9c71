"""`{% monitor_dates url quote %}`: the monitor's honest dates beside a cited source on a public page.

Fetched (the page came back) and quote found (the quote was on it) are different dates, and neither
is "verified by a person", which the cell shows itself.
"""

from __future__ import annotations

from django import template

from trustreg.evidence import selectors

register = template.Library()


@register.inclusion_tag("evidence/_monitor_dates.html")
def monitor_dates(url: str, quote: str = "") -> dict:
    return {"dates": selectors.monitor_dates(url, quote or ""), "has_quote": bool(quote)}

"""The fit check of each preset, built on write: every offering checked once per change of the
registry by the bulk build (``bulk.build``, through ``settings.TRUSTREG_BULK_FILES``), never on a
request. ``/fit/?preset=ID`` (today, nothing else asked) shows the built results section.

The section is rendered by the page's own template, from the page's own context, so it reads as
the page computed per request did on the day of the build (``Evaluated on`` names that day).
"""

from __future__ import annotations

from typing import IO

from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from trustreg.bulk import store
from trustreg.bulk.build import ExtraFile
from trustreg.buyers import profiles, selectors
from trustreg.buyers.fitpage import FitPage
from trustreg.domain.fit import Verdict
from trustreg.registry.selectors import catalogue

CONTENT_TYPE = "text/html; charset=utf-8"
TEMPLATE = "buyers/_fit_results.html"
COMPARED = 4  # the page offers to compare the first offerings that meet it


def preset_file(preset_id: str) -> str:
    return f"fit-{preset_id}.html"


def results_context(view: selectors.FitView | FitPage, query: str, as_of_qs: str = "") -> dict[str, object]:
    """What the results section shows: the page's and the built file's one context."""
    if isinstance(view, FitPage):  # one page of the rows: the database names the first that meet it
        compare_ids = view.leading
    else:
        compare_ids = [r.offering.id for r in view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)]
    return {"view": view, "query": query, "compare_ids": compare_ids[:COMPARED], "as_of_qs": as_of_qs}


def _writer(view: selectors.FitView):  # noqa: ANN202 - a store.Writer
    def write(fh: IO[str]) -> None:
        fh.write(render_to_string(TEMPLATE, results_context(view, urlencode({"preset": view.profile.id}))))
    return write


def fit_files() -> list[ExtraFile]:
    """Every preset checked over one resolution of the registry."""
    views = selectors.fit_views(profiles.presets(catalogue()))
    return [ExtraFile(preset_file(v.profile.id), CONTENT_TYPE, _writer(v)) for v in views]


def built_results(preset_id: str) -> SafeString | None:
    """The preset's results section as last built, or None before the first build."""
    generation = store.current()
    if generation is None or preset_file(preset_id) not in generation.files:
        return None
    return mark_safe(generation.file(preset_file(preset_id)).read_text(encoding="utf-8"))  # noqa: S308 - rendered by our template

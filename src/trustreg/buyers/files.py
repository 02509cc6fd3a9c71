"""The fit check of each preset, built on write: every offering checked once per change of the
registry by the bulk build (``bulk.build``, through ``settings.TRUSTREG_BULK_FILES``), never on a
request. ``/fit/?preset=ID`` (today, nothing else asked but ``page``) shows the built results
section of that page. The pages of ``fitpage.PER_PAGE`` offerings are kept in one file a preset
(``pagepack``), so a request reads one page whatever the size of the registry (the section of every
offering at once would be sent whole: about 54 MB at 20,000 offerings).

The section is rendered by the page's own template, from the page's own context, so it reads as
the page computed per request did on the day of the build (``Evaluated on`` names that day).
"""

from __future__ import annotations

from typing import IO

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from trustreg.bulk import store
from trustreg.bulk.build import ExtraFile
from trustreg.buyers import pagepack, profiles, selectors
from trustreg.buyers.fitpage import FitPage, pages_of
from trustreg.domain.fit import Verdict
from trustreg.registry.selectors import catalogue

CONTENT_TYPE = "application/octet-stream"  # pages of HTML with their table (pagepack); never served as a file
TEMPLATE = "buyers/_fit_results.html"
COMPARED = 4  # the page offers to compare the first offerings that meet it


def preset_file(preset_id: str) -> str:
    return f"fit-{preset_id}.pages"


def preset_query(preset_id: str, page: int = 1) -> str:
    """The query string of a preset's page, as a request for it has it."""
    return urlencode({"preset": preset_id, **({"page": str(page)} if page > 1 else {})})


def results_context(view: selectors.FitView | FitPage, query: str, as_of_qs: str = "") -> dict[str, object]:
    """What the results section shows: the page's and the built file's one context."""
    if isinstance(view, FitPage):  # one page of the rows: the database names the first that meet it
        compare_ids = view.leading
    else:
        compare_ids = [r.offering.id for r in view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)]
    # The page links keep the query but its page (no request needed: the build renders them too).
    paging = QueryDict(query, mutable=True)
    paging.pop("page", None)
    return {"view": view, "query": query, "compare_ids": compare_ids[:COMPARED], "as_of_qs": as_of_qs,
            "page_query": paging.urlencode()}


def _writer(view: selectors.FitView):  # noqa: ANN202 - a store.Writer
    def write(fh: IO[str]) -> None:
        pagepack.write_pages(fh, [
            render_to_string(TEMPLATE, results_context(page, preset_query(view.profile.id, page.page)))
            for page in pages_of(view)])
    return write


def fit_files() -> list[ExtraFile]:
    """Every preset checked over one resolution of the registry, each in pages."""
    views = selectors.fit_views(profiles.presets(catalogue()))
    return [ExtraFile(preset_file(v.profile.id), CONTENT_TYPE, _writer(v)) for v in views]


def built_results(preset_id: str, page: int = 1) -> SafeString | None:
    """The page of the preset's results section as last built; None before the first build, or for
    a page past the last (the view then computes it, reading it as the last page)."""
    path = store.current_path(preset_file(preset_id))
    text = pagepack.read_page(path, page) if path is not None else None
    return mark_safe(text) if text is not None else None  # noqa: S308 - rendered by our template

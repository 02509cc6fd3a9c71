"""The fit check with a profile of one's own, before and after it was paged in SQL (issue 15).

One process per registry size (a synthetic registry, ``bench/synthetic.py``, loaded into a fresh
SQLite database); in it, side by side and in turns (rounds of requests, the order turning each
round, so the machine's other work falls on all alike), the same requests answered two ways:

- before: the fit check of every offering replayed in Python (``buyers.selectors.fit_view``, what
  the page, the allow list and ``/api/v1/fit`` ran until 2026-12-03), rendered by the page's view
  as it was;
- after: the current views (``buyers.fitpage``: verdicts counted, sorted and paged in SQL over the
  stored fit keys, full records for the page's rows only).

Per request: wall time and this process's CPU time (the database runs in it), median and p95.
Prints the figures as JSON.

    python bench/bench_fit.py [--offerings 200] [--rounds 4] [--requests 10] [--seed 2] [--after-only]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
PROFILE = {"r_data_residency": "any", "eu": "1", "r_retention_zdr": "any", "max_days": "30", "r_hipaa_baa": "any"}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--after-only", action="store_true", help="skip the replay (minutes a request at 20,000)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-fit-{args.offerings}-"))
    try:
        os.environ["TRUSTREG_VAR"] = str(tmp / "var")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'var' / 'b.sqlite3'}"
        os.environ["TRUSTREG_BULK_ON_COMMIT"] = "0"
        os.environ["TRUSTREG_PAGE_CACHE"] = "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
        (tmp / "var" / "static").mkdir(parents=True)
        import django

        django.setup()
        print(json.dumps(run(args)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.shortcuts import render
    from django.test import RequestFactory
    from django.utils import timezone
    from synthetic import synthetic_bundle

    from trustreg.api import documents as docs
    from trustreg.api import reads
    from trustreg.api.http import envelope
    from trustreg.buyers import files, profiles, selectors, views
    from trustreg.registry.selectors import catalogue
    from trustreg.registry.services import registry_load
    from trustreg.site.asof import as_of_context

    call_command("migrate", verbosity=0, interactive=False)
    registry_load(actor="bench", bundle=synthetic_bundle(args.offerings, seed=args.seed), reason="bench: load")
    day = timezone.now().date()
    factory = RequestFactory()

    def old_page(request: Any, as_of: Any) -> Any:
        # buyers.views.fit_page as it was at 53e7ad5: every offering checked and shown
        cat = catalogue()
        asked = profiles.profile_from_query(request.GET, cat)
        view = selectors.fit_view(asked.profile, as_of)
        page = as_of_context(as_of, view.as_of)
        results = files.results_context(view, request.GET.urlencode(), page["as_of_qs"])
        return render(request, "buyers/fit.html", {
            **page, **results, "built_results": None, "catalogue": cat, "presets": profiles.presets(cat),
            "asked": asked, "params": request.GET, "choices": profiles.CHOICES,
            "selected": {d.id: request.GET.get(f"r_{d.id}", "") for d in cat.dimensions}})

    def old_api(as_of: Any) -> dict[str, Any]:
        # api.reads.fit_document as it was at 53e7ad5
        profile = profiles.profile_from_query(PROFILE, catalogue()).profile
        view = selectors.fit_view(profile, as_of)
        return envelope(as_of, profile=profile.model_dump(mode="json"), evaluated_on=view.today,
                        counts={v.value: n for v, n in view.counts}, items=[
                            {"offering": docs.offering_summary(r.offering), "verdict": r.verdict.value,
                             "requirements": [{"reason": x.reason, "steps": list(x.steps)} for x in r.fit.results],
                             "steps": [f"{q}: {s}" for q, s in r.fit.steps]} for r in view.rows])

    def page_request(as_of: Any) -> Any:
        query = {**PROFILE, **({"as_of": as_of.isoformat()} if as_of else {})}
        return factory.get("/fit/", query)

    variants = {
        "page_before": lambda: old_page(page_request(None), None),
        "page_after": lambda: views.fit_page(page_request(None)),
        "page_as_of_before": lambda: old_page(page_request(day), day),
        "page_as_of_after": lambda: views.fit_page(page_request(day)),
        "api_before": lambda: old_api(None),
        "api_after": lambda: reads.fit(PROFILE, None),
    }
    if args.after_only:
        variants = {k: v for k, v in variants.items() if k.endswith("_after")}
    for fn in variants.values():  # warm: the catalogue, the step file, the templates
        fn()
    times: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    names = list(variants)
    for r in range(args.rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            gc.collect()
            for _ in range(args.requests):
                t0, c0 = time.perf_counter(), time.process_time()
                variants[name]()
                times[name].append((time.perf_counter() - t0) * 1000)
                cpu[name].append((time.process_time() - c0) * 1000)
    from trustreg.registry.models import FitInput

    asked = ("data_residency", "retention_zdr", "hipaa_baa")
    distinct = {d: FitInput.objects.filter(dimension_id=d).count() for d in asked}  # the Python work's size
    return {"offerings": args.offerings, "loadavg": os.getloadavg()[0], "rounds": args.rounds,
            "fit_inputs": distinct,
            "figures": {k: {"n": len(times[k]), "median_ms": statistics.median(times[k]),
                            "p95_ms": percentile(times[k], 95), "cpu_median_ms": statistics.median(cpu[k]),
                            "cpu_p95_ms": percentile(cpu[k], 95)} for k in variants}}


if __name__ == "__main__":
    main()

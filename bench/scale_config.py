"""What the scale benchmark (``bench_scale.py``) measures and where: the pages it times, the
Accept-Encodings it asks with, its document section and its PostgreSQL database, shared by its modules."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Scale (issue 15)"
# Dated findings written by hand, after the section: replace_section stops at the next "## " heading.
FINDINGS = "## Scale (issue 15): findings and changes"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = os.environ.get("TRUSTREG_BENCH_SCALE_DB", "trustreg_bench_scale")  # one per engineer
PG_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PAGES = ("index", "question", "picker", "not_found", "offering", "offering_1d", "offering_30d", "offering_turns",
         "offering_30d_turns", "fit", "api_fit")
# Other public pages with no target in the issue, timed (three requests) to show what still grows;
# not at sizes above OTHER_PAGES_UP_TO, where one request takes minutes.
OTHER_PAGES_UP_TO = 5000
FIT_QUERY = "/fit/?r_data_residency=any&eu=1&r_retention_zdr=any&max_days=30&r_hipaa_baa=any"
API_FIT_QUERY = "/api/v1/fit?r_retention_zdr=any&max_days=30&r_hipaa_baa=any"
OTHER_PAGES = {"changelog": "/changelog/", "coverage": "/coverage/", "calendar": "/calendar.ics"}
DATA_JSON = "/data.json"  # the bulk file: its server time (the body is sent by the server, not timed here)
# /data.json?as_of= (the day's kept file, bulk.dayserve): as a browser asks, and with no encoding
AS_OF_PAGES = {"data_json_as_of": " a past day, kept file, as a browser asks (brotli)",
               "data_json_as_of_plain": " a past day, no encoding: the gzip twin decompressed as sent (no target)"}
HISTORY_ROUNDS = 4  # the offering page with none and with 30 days of history, in turns
ISSUE_LARGE = 20000  # the size the issue's targets name
BROWSER = "gzip, deflate, br, zstd"  # the Accept-Encoding of current browsers (Chrome, Firefox)
GZIP_ONLY = "gzip"  # a client that knows gzip alone (the /data.json rows measured both ways)


# The pages with a size target (the issue's, and the custom fit check's), timed page by page in turns
# across the sizes by ``interleave.measure_sizes``.
SIZE_PAGES = {"index": "Index `/`", "question": "Question page", "picker": "Compare picker", "not_found": "404 page",
              "fit": "Custom fit page `/fit/?...`", "api_fit": "`/api/v1/fit` with a custom profile"}


def page_urls(bundle: Any) -> dict[str, tuple[str, int]]:
    """The pages the benchmark times in a registry, by name: (URL, the status it answers)."""
    mid = bundle.offerings[len(bundle.offerings) // 2]
    dim = bundle.catalogue.get("retention_zdr") or bundle.catalogue.dimensions[0]
    return {"index": ("/", 200), "question": (f"/questions/{dim.slug}/", 200), "picker": ("/compare/", 200),
            "not_found": ("/offerings/no-such-offering/", 404), "offering": (f"/offerings/{mid.id}/", 200),
            # a profile of one's own (no preset's built results): the fit check counted and paged in SQL
            "fit": (FIT_QUERY, 200), "api_fit": (API_FIT_QUERY, 200)}


def postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {DB_NAME}")

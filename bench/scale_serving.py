"""Serving: the Procfile's processes (gunicorn web + two monitor workers) on one PostgreSQL under
``wrk -c8``, beside static files; and its rows of the targets table and its paragraph."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchdoc import shown_at_most
from scale_config import BROWSER, GZIP_ONLY, PG_URL, ROOT, SECTION, postgres
from scale_figures import FRACTION_DIGITS, ratio_of, verdict


def procfile() -> dict[str, list[str]]:
    lines = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            lines[name.strip()] = command.split()
    return lines


def session_cpu(sid: int) -> float:
    """CPU seconds used so far by the processes of one session (the web master, its live workers and
    the workers it has reaped), from /proc."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[3]) == sid:  # fields from the state on: state ppid pgrp session ... utime stime cutime cstime
            total += sum(int(f) for f in fields[11:15])
    return total / tick


def wrk(url: str, seconds: int, web_sid: int, accept: str) -> dict[str, float]:
    """Requests per second under ``wrk -c8``, and the web processes' CPU per request."""
    cpu = session_cpu(web_sid)
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Accept-Encoding: {accept}", url],
                         capture_output=True, text=True, check=True).stdout
    cpu = session_cpu(web_sid) - cpu
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if found is None or total is None or non2xx is not None:
        raise SystemExit(f"bench_scale: wrk against {url} failed:\n{out}")
    return {"rate": float(found.group(1)), "cpu_ms": 1000 * cpu / max(int(total.group(1)), 1)}


def same_size_static(var: Path, twin: str) -> str:
    """A static file (random bytes: no compressed twin) of exactly the size of /data.json's ``twin``
    ("br" or "gzip"), in STATIC_ROOT; returns its path under /static/."""
    manifest = json.loads((var / "bulk" / "current" / "manifest.json").read_text())
    size = next(f[f"{twin}_size"] for f in manifest["files"] if f["name"] == "data.json")
    name = f"bench/same-size-as-data-json-{twin}.bin"
    path = var / "static" / name
    if not path.exists() or path.stat().st_size != size:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(random.Random(size).randbytes(size))
    return name


def page_generation(url: str) -> int:
    """The public generation a cached page was served for (its ETag: W/"g<N>-<day>-...")."""
    with urllib.request.urlopen(url, timeout=60) as resp:
        found = re.match(r'W/"g(\d+)[.-]', resp.headers.get("ETag", ""))
    return int(found.group(1)) if found else 0


def serving(args: argparse.Namespace) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench_scale: wrk is missing (make bench installs Debian's wrk)")
    print(f"bench_scale: serving the Procfile on PostgreSQL, {args.serve_offerings} offerings ...", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="trustreg-serve-"))
    port = str(args.port)
    env = {**os.environ, "DATABASE_URL": PG_URL, "TRUSTREG_VAR": str(tmp / "var"), "PORT": port,
           "TRUSTREG_ACCESS_LOG": str(tmp / "access.log"), "DJANGO_SETTINGS_MODULE": "trustreg.settings"}
    bin_ = ROOT / ".venv" / "bin"
    postgres("create")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run([sys.executable, "-c", (
            "import sys; sys.path.insert(0, 'bench'); from synthetic import synthetic_bundle; "
            "from trustreg.domain.bundle import write_dir; "
            f"write_dir(synthetic_bundle({args.serve_offerings}, seed={args.seed}), {str(tmp / 'registry')!r})")],
            check=True, cwd=ROOT, env=env)
        for cmd in (["migrate", "-v0"], ["load", str(tmp / "registry")], ["bulk", "build"],
                    ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([str(bin_ / "trustreg"), *cmd], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for twin in ("br", "gzip"):  # before the web process starts: WhiteNoise lists its files then
            same_size_static(tmp / "var", twin)
        lines = procfile()
        log = open(tmp / "processes.log", "wb")  # noqa: SIM115 (closed with the processes)
        for name, count in (("web", 1), ("monitor", 2)):
            for _ in range(count):
                procs.append(subprocess.Popen([str(ROOT / c) if c.startswith(".venv/") else c for c in lines[name]],
                                              cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=10) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("bench_scale: the web process did not answer within 120 s") from None
                time.sleep(1)
        # The stylesheet as the pages link it: after collectstatic its hashed, compressed copy.
        with urllib.request.urlopen(base + "/methodology/", timeout=60) as resp:
            linked = re.search(r'href="/static/(site/site[^"]*\.css)"', resp.read().decode())
        if linked is None:
            raise SystemExit("bench_scale: the pages link no stylesheet")
        static = Path(linked.group(1))
        offering = json.loads(urllib.request.urlopen(base + "/api/v1/offerings?limit=1", timeout=30).read())
        oid = offering["items"][0]["id"]
        stylesheet = f"/static/{static.as_posix()}"
        # name: (path, Accept-Encoding); each /data.json row beside the same static files asked the same way
        paths = {"static": (stylesheet, BROWSER), "offering": (f"/offerings/{oid}/", BROWSER), "index": ("/", BROWSER),
                 "data_json": ("/data.json", BROWSER),
                 "static_same_size": (f"/static/{same_size_static(tmp / 'var', 'br')}", BROWSER),
                 "static_gzip": (stylesheet, GZIP_ONLY), "data_json_gzip": ("/data.json", GZIP_ONLY),
                 "static_same_size_gzip": (f"/static/{same_size_static(tmp / 'var', 'gzip')}", GZIP_ONLY)}
        sizes, encodings = {}, {}
        for name, (path, accept) in paths.items():
            req = urllib.request.Request(base + path, headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(req, timeout=60) as resp:
                sizes[name] = len(resp.read())
                encodings[name] = resp.headers.get("Content-Encoding") or "none"
        sid = procs[0].pid  # the web process leads its own session
        generation_before = page_generation(base + paths["offering"][0])
        loadavg = [os.getloadavg()[0]]
        runs: dict[str, list[dict[str, float]]] = {}

        def run(name: str) -> dict[str, float]:
            path, accept = paths[name]
            runs.setdefault(name, []).append(wrk(base + path, args.wrk_seconds, sid, accept))
            loadavg.append(os.getloadavg()[0])
            return runs[name][-1]

        # Each target's two answers back to back, the static file first: the machine's other work comes
        # and goes within minutes (the stylesheet alone has run at 1,292 and at 508 req/s in one run),
        # so a pair shares its minute. An answer's rate in the paragraph is the mean of its runs.
        pairs = []
        for page, static in SERVING_PAIRS:
            ref = run(static)
            got = run(page)
            pairs.append({"page": page, "static": static, "rate": [got["rate"], ref["rate"]],
                          "cpu_ms": [got["cpu_ms"], ref["cpu_ms"]]})
        run("index")
        generations = page_generation(base + paths["offering"][0]) - generation_before
        rates = {k: statistics.mean(r["rate"] for r in runs[k]) for k in paths if k in runs}
        cpu_ms = {k: statistics.mean(r["cpu_ms"] for r in runs[k]) for k in paths if k in runs}
        alive = [p.poll() is None for p in procs]
        return {"rates": rates, "cpu_ms": cpu_ms, "pairs": pairs, "static_runs": [r["rate"] for r in runs["static"]],
                "wrk_seconds": args.wrk_seconds, "sizes": sizes, "encodings": encodings,
                "paths": {k: v[0] for k, v in paths.items()}, "accept": {k: v[1] for k, v in paths.items()},
                "processes_alive": alive,
                "offerings": args.serve_offerings, "web_workers": os.cpu_count(), "loadavg": loadavg,
                "generations_during": generations}
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        postgres("drop")
        shutil.rmtree(tmp, ignore_errors=True)


# The wrk targets: (answer, aim 1/N, the static file it is set beside, what the row says). The issue's
# are against the site's stylesheet asked as a browser asks; then /data.json against a static file of
# its own size served by the same stack, and both again for a client that accepts only gzip.
SERVING_TARGETS = (
    ("offering", 10, "static", "the offering page vs a static file"),
    ("data_json", 2, "static", "/data.json vs a static file (a browser's Accept-Encoding: brotli)"),
    ("data_json", 2, "static_same_size",
     "/data.json vs a static file of the same size (not in the issue; a browser's Accept-Encoding)"),
    ("data_json_gzip", 2, "static_gzip", "/data.json vs a static file (not in the issue; gzip only)"),
    ("data_json_gzip", 2, "static_same_size_gzip",
     "/data.json vs a static file of the same size (not in the issue; gzip only)"),
)
SERVING_PAIRS = tuple((page, static) for page, _, static, _ in SERVING_TARGETS)


def serving_targets(serve: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The wrk rows of the targets table, each from its pair of runs back to back (older results: from
    each answer's one run)."""
    rates, cpu = serve["rates"], serve.get("cpu_ms") or {}
    pairs = {(p["page"], p["static"]): p for p in serve.get("pairs", [])}
    rows = []
    for page, want, static, what in SERVING_TARGETS:
        pair = pairs.get((page, static))
        if pair is not None:
            (page_rate, static_rate), (page_cpu, static_cpu) = pair["rate"], pair["cpu_ms"]
        elif static in rates and page in rates:
            page_rate, static_rate, page_cpu, static_cpu = rates[page], rates[static], cpu.get(page), cpu.get(static)
        else:
            continue
        x = ratio_of(static_rate, page_rate)
        figure, ok = shown_at_most(x, want, FRACTION_DIGITS)
        shown = f"1/{figure}" + (f" ({page_rate:,.0f} vs {static_rate:,.0f} req/s, back to back)" if pair else "")
        rows.append((f"`wrk -c8` rate of {what} (wall)", f"≥ 1/{want}", shown, ok))
        if page_cpu is not None and static_cpu is not None:  # requests per CPU second of the web processes
            figure, ok = shown_at_most(ratio_of(page_cpu, static_cpu), want, FRACTION_DIGITS)
            rows.append((f"`wrk -c8`: requests per web CPU second, {what}", f"≥ 1/{want}",
                         f"1/{figure} ({page_cpu:.2f} vs {static_cpu:.2f} ms CPU per request)", ok))
    return rows


def serving_paragraph(serve: dict[str, Any], args: argparse.Namespace) -> str:
    load = serve.get("loadavg")
    return (f"Serving: the Procfile's `web` (gunicorn.conf.py: {serve.get('web_workers', os.cpu_count())} CPUs + 1 "
            f"workers x 4 threads) and two `monitor worker` processes on one PostgreSQL, {serve['offerings']:,} "
            f"offerings; measured {serve.get('measured_on', '')} at {serve.get('measured_at', '?')}"
            + (f", 1-minute load average {min(load):.1f}-{max(load):.1f}" if load else "") + "; "
            f"`wrk -t2 -c8 -d{serve.get('wrk_seconds', args.wrk_seconds)}s -H 'Accept-Encoding: {BROWSER}'` (as a "
            f"browser asks; the rows ending in _gzip with `-H 'Accept-Encoding: {GZIP_ONLY}'`) from the "
            "same machine (so wrk takes CPU from the server): "
            + ", ".join(f"{k} {v:,.0f} req/s ({serve.get('sizes', {}).get(k, 0):,} bytes"
                        + (f" sent, encoding {serve['encodings'][k]}" if "encodings" in serve else "")
                        + (f", {serve['cpu_ms'][k]:.2f} ms web CPU per request" if "cpu_ms" in serve else "")
                        + ")" for k, v in serve["rates"].items())
            + (". The static file was measured first and last ({:,.0f} and {:,.0f} req/s); its rate is the "
               "mean".format(*serve["static_first_last"]) if "static_first_last" in serve else "")
            + (". Each target's two answers ran back to back, the static file first (their rates are in the "
               "targets table); a rate here is the mean of an answer's runs (the stylesheet's {} runs: "
               "{:,.0f} to {:,.0f} req/s)".format(len(serve["static_runs"]), min(serve["static_runs"]),
                                                  max(serve["static_runs"])) if "static_runs" in serve else "")
            + (f". static is the site's stylesheet, `{serve['paths']['static']}`, sent as it is answered"
               if "paths" in serve else "")
            + ("; static_same_size(_gzip) is random bytes of exactly the size /data.json is sent at with that "
               "Accept-Encoding (its brotli or gzip twin), served by WhiteNoise like the stylesheet"
               if "static_same_size" in serve["rates"] else "")
            + (f". Public generations passed during the runs (each one re-renders cached pages once): "
               f"{serve['generations_during']}" if "generations_during" in serve else "")
            + f". Processes still running at the end: {sum(serve['processes_alive'])} of "
            f"{len(serve['processes_alive'])}.")


def update_serving(doc: str, serve: dict[str, Any], args: argparse.Namespace) -> str:
    """``doc`` with the scale section's serving paragraph and wrk target rows replaced by ``serve``'s
    (``--serving-only``: the other measurements stay as they were)."""
    lines = doc.split("\n")
    start = lines.index(SECTION)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    rows = [f"| {t} | {aim} | {got} | {verdict(ok)} |" for t, aim, got, ok in serving_targets(serve)]
    wrk_rows = [i for i, line in enumerate(section) if line.startswith("| `wrk -c8`")]
    if not wrk_rows:
        raise SystemExit(f"bench_scale: no wrk rows in {SECTION!r} to update; run the whole benchmark once")
    section[wrk_rows[0]:wrk_rows[-1] + 1] = rows
    para = next(i for i, line in enumerate(section) if line.startswith("Serving: "))
    section[para] = serving_paragraph(serve, args)
    return "\n".join(lines[:start] + section + lines[end:])

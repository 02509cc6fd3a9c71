"""gunicorn's settings for the registry: `make run` and the Procfile's web process read this file.

Why these numbers (measured in docs/benchmarks.md, "Scale (issue 15)", its serving paragraph):
- Pages are CPU-bound Python (selectors, templates) with short waits on the database, so one
  process per core keeps every core busy and one more covers the moments a process waits.
- Each process runs a few threads (gthread): a request waiting on PostgreSQL, or a slow client
  reading a large answer (/data.json, a PDF memo), no longer holds a whole process, so an offering
  page is not queued behind them. More threads than this add GIL contention, not throughput.
- Every thread keeps its own persistent database connection (TRUSTREG_CONN_MAX_AGE, 60 s, checked
  before reuse): workers x threads connections per web host, well under PostgreSQL's default
  max_connections of 100 with several monitor workers beside it.
Each value can be changed through the environment without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("TRUSTREG_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
workers = int(os.environ.get("TRUSTREG_WEB_WORKERS", str(multiprocessing.cpu_count() + 1)))
worker_class = "gthread"
threads = int(os.environ.get("TRUSTREG_WEB_THREADS", "4"))
timeout = 30  # a request still running after this is a bug: the worker is restarted
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("TRUSTREG_ACCESS_LOG", "-")
# gunicorn 26+ opens a control socket by default; nothing here uses it.
control_socket_disable = True

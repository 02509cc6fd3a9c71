"""`trustreg monitor run|worker|check-url|rederive|status`: the evidence monitor's verbs."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from trustreg.evidence import monitor, selectors
from trustreg.evidence.fetch import check_url
from trustreg.monitor import run as monitor_run


class Command(BaseCommand):
    help = "The evidence monitor: re-check sources, keep copies, raise flags."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        run = sub.add_parser("run", help="check every source that is due, then stop")
        run.add_argument("--all", action="store_true", help="check every source, due or not")
        run.add_argument("--source", type=int, action="append", help="only this source id (repeatable)")
        run.add_argument("--limit", type=int, default=None)
        run.add_argument("--no-progress", action="store_true")
        worker = sub.add_parser("worker", help="run continuously through the task queue")
        worker.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
        worker.add_argument("--schedule-every", type=float, default=60.0, help="seconds between scheduling")
        worker.add_argument("--no-schedule", action="store_true", help="only run queued jobs")
        worker.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        worker.add_argument("--max-tasks", type=int, default=None)
        check = sub.add_parser("check-url", help="would the fetcher fetch this URL? (exit 1 if not)")
        check.add_argument("url")
        rederive = sub.add_parser("rederive", help="derive snapshot text again under today's rules")
        rederive.add_argument("--all", action="store_true", help="also snapshots already current")
        prune = sub.add_parser("prune", help="delete old quote checks that record no change")
        prune.add_argument("--keep-days", type=int, default=None,
                           help="keep every check younger than this (default: the retention policy's)")
        status = sub.add_parser("status", help="recent fetch outcomes and open monitor flags")
        status.add_argument("--limit", type=int, default=20)

    def handle(self, *args, verb: str, **options) -> None:
        getattr(self, "handle_" + verb.replace("-", "_"))(**options)

    # -- verbs -----------------------------------------------------------------------------------

    def handle_check_url(self, *, url: str, **_) -> None:
        verdict = check_url(url, monitor.current_fetch_settings())
        if verdict.allowed:
            self.stdout.write(f"would fetch {url}: {verdict.reason} ({', '.join(verdict.addresses)})")
            return
        self.stderr.write(f"would not fetch {url}: {verdict.reason}")
        sys.exit(1)

    def handle_run(
        self, *, all: bool, source: list[int] | None, limit: int | None, no_progress: bool, **_
    ) -> None:
        from trustreg.monitor import chores

        if chores.prune_due():  # the daily chore, when the monitor runs from cron instead of a worker
            report = chores.prune(actor=monitor_run.ACTOR)
            if report.deleted:
                self.stdout.write(f"pruned {report.deleted} quote check(s) from before {report.cutoff:%Y-%m-%d}")
        ids = monitor.claim(limit=limit, source_ids=source, due_only=not all)
        if not ids:
            self.stdout.write("Nothing is due.")
            return
        bar = tqdm(total=len(ids), unit="source", disable=no_progress, file=sys.stderr)

        def advance(report) -> None:  # noqa: ANN001
            bar.set_postfix_str(report.outcome, refresh=False)
            bar.update(1)

        summary = monitor_run.check_sources(ids, via="run", inline_retries=True, on_report=advance)
        bar.close()
        self.stdout.write(selectors.summary_table(summary))

    def handle_worker(
        self, *, interval: float, schedule_every: float, no_schedule: bool, batch: bool, max_tasks, **_
    ) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        from trustreg.monitor import recovery, tasks

        # Jobs a dead worker left RUNNING (and their leased sources) come back before anything else.
        recovered = recovery.recover_abandoned()
        if any(recovered.values()):
            self.stdout.write(f"recovered from a stopped worker: {len(recovered['requeued'])} source(s) "
                              f"queued again, {len(recovered['failed'])} marked failed")
        if not no_schedule and not selectors.scheduler_pending():
            tasks.schedule_job.enqueue(schedule_every)
        worker = Worker(
            queue_names=[tasks.QUEUE],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=recovery.worker_id(),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(f"monitor worker {worker.worker_id} started")
        worker.run()

    def handle_rederive(self, *, all: bool, **_) -> None:
        from trustreg.evidence.monitor_services import snapshot_rederive

        snapshots = selectors.snapshots_to_rederive(include_current=all)
        changed = 0
        for snapshot in tqdm(snapshots, unit="snapshot", file=sys.stderr):
            changed += snapshot_rederive(actor="cli", snapshot=snapshot)
        self.stdout.write(
            f"re-derived {len(snapshots)} snapshots; text changed in {changed}; no flags raised"
        )

    def handle_prune(self, *, keep_days: int | None, **_) -> None:
        from trustreg.evidence import retention

        days = retention.KEEP_DAYS if keep_days is None else keep_days
        if days < 1:
            self.stderr.write(f"--keep-days: must be at least 1 (got {days})")
            sys.exit(2)
        report = retention.quote_checks_prune(actor="cli", keep_days=days)  # by hand: whenever asked
        self.stdout.write(
            f"quote checks before {report.cutoff:%Y-%m-%d %H:%M} UTC: {report.examined}; deleted "
            f"{report.deleted}, kept {report.kept_changes} (first, latest, or a change of result)"
        )

    def handle_status(self, *, limit: int, **_) -> None:
        from trustreg.monitor import chores

        self.stdout.write(selectors.status_text(limit=limit))
        last = chores.last_prune()
        if last is None or last.last_finished_at is None:
            self.stdout.write("quote-check prune: not run yet (the worker's scheduler runs it once a day)")
        else:
            self.stdout.write(f"quote-check prune: last {last.last_finished_at:%Y-%m-%d %H:%M} UTC, deleted "
                              f"{last.last_result.get('deleted', 0)}, kept {last.last_result.get('kept_changes', 0)} "
                              "older checks that record a change")
            jobs = last.last_result.get("task_results", {})
            self.stdout.write(f"job results prune: deleted {jobs.get('successful', 0)} successful (older than "
                              f"{chores.JOBS_KEEP_DAYS} days), {jobs.get('failed', 0)} failed (older than "
                              f"{chores.JOBS_FAILED_KEEP_DAYS} days)")

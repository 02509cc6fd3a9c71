"""`trustreg bulk build|worker|status|fill-days`: build the bulk files now, run the build queue, say
which generation is current, or write the past days' data.json files now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trustreg.bulk import build, claim, dayfill, daystore, store


class Command(BaseCommand):
    help = ("The bulk files (data.json, registry.csv, dump.jsonl, calendars, fit results): build them now, "
            "run the queue of builds commits ask for, or show the current ones.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("build", help="write the files from the registry as it is now (waits for a build running)")
        worker = sub.add_parser("worker", help="run the builds commits queue (django-tasks), and one daily")
        worker.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
        worker.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        sub.add_parser("status", help="the current generation, its files and the last build")
        sub.add_parser("fill-days", help="write now every kept past day's data.json (?as_of=) that has no file")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "worker":
            self.handle_worker(interval=options["interval"], batch=options["batch"])
            return
        if verb == "fill-days":
            self.handle_fill_days()
            return
        generation = build.build() if verb == "build" else store.current()
        if verb == "build":
            build.after_build()
        if generation is None:
            self.stdout.write(f"no bulk files yet in {store.bulk_dir()}: run `trustreg bulk build`")
            return
        self.stdout.write(f"generation {generation.number}, built {generation.built_at:%Y-%m-%d %H:%M:%S} UTC "
                          f"in {generation.path}")
        checked = generation.checked_at or generation.built_at
        self.stdout.write(f"read at registry generation {generation.registry_generation}, "
                          f"{checked:%Y-%m-%d %H:%M:%S} UTC; " + ("a build is due" if build.behind(generation)
                                                                  else "current"))
        for f in generation.files.values():
            self.stdout.write(f"  {f.name:<12} {f.size:>12,} bytes  gzip {f.gzip_size:>11,}  br {f.br_size:>11,}  sha256 {f.sha256[:16]}…")
        if verb == "status" and (last := claim.last()) is not None and last.last_finished_at is not None:
            self.stdout.write(f"last build: {last.last_outcome}, finished {last.last_finished_at:%Y-%m-%d %H:%M:%S} "
                              f"UTC after {last.last_seconds or 0:.1f} s"
                              + (f"; now building: {last.holder}" if last.holder else ""))

    def handle_fill_days(self) -> None:
        with store.build_lock():
            days = dayfill.refresh(dayfill.label())
        for day in days:
            self.stdout.write(f"{day}: " + ("written" if dayfill.fill(day) else "the registry moved: run again"))
        index = daystore.read_index()
        if index is not None:
            self.stdout.write(f"{len(index.days)} days kept, {daystore.disk_bytes(index):,} bytes in {daystore.day_dir()}")

    def handle_worker(self, *, interval: float, batch: bool) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        from trustreg.bulk import tasks

        tasks.enqueue_build()  # files missing or behind (a change while no worker ran): built first
        tasks.enqueue_fill()  # past days' as_of files missing (see bulk.dayfill)
        if not batch:
            tasks.enqueue_daily()
        worker = Worker(queue_names=[tasks.QUEUE], interval=interval, batch=batch, backend_name="default",
                        startup_delay=not batch, max_tasks=None, worker_id=f"bulk-{claim.holder_id()}"[:64],
                        excluded_queue_names=[])
        worker.configure_signals()
        self.stdout.write(f"bulk worker {worker.worker_id} started")
        worker.run()

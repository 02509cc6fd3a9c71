"""`trustreg webhooks worker|deliver|check-expired`: delivering signed webhooks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "Signed webhooks: run the delivery worker, deliver what is due once, or check for expired evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        worker = sub.add_parser("worker", help="deliver continuously through the task queue (and check expiry daily)")
        worker.add_argument("--interval", type=float, default=1.0, help="seconds between queue polls")
        worker.add_argument("--batch", action="store_true", help="stop when the queue is empty")
        sub.add_parser("deliver", help="fan out new events and send every due attempt once, then stop")
        sub.add_parser("check-expired", help="record an event for each cell whose evidence expired (daily)")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        from trustreg.webhooks import tasks

        if verb == "deliver":
            self.stdout.write(f"{tasks.run_due()} attempt(s) sent")
        elif verb == "check-expired":
            from trustreg.webhooks.expiry import expired_evidence_record

            found = expired_evidence_record(actor="cli", today=timezone.localdate())
            self.stdout.write(f"{found} new expired-evidence event(s) recorded")
        else:
            from django_tasks_db.management.commands.db_worker import Worker

            tasks.dispatch_job.enqueue()
            if not options["batch"]:
                tasks.expiry_job.enqueue()
            worker = Worker(queue_names=[tasks.QUEUE], interval=options["interval"], batch=options["batch"],
                            backend_name="default", startup_delay=not options["batch"], max_tasks=None,
                            worker_id="webhooks", excluded_queue_names=[])
            worker.configure_signals()
            self.stdout.write("webhooks worker started")
            worker.run()

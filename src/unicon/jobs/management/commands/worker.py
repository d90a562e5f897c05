"""`unicon worker`: run queued tasks and (by default) the periodic-job scheduler."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from unicon.jobs.queue import huey


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (e-mails, webhooks, …) and the periodic jobs "
        "listed by `unicon jobs`. Stop it with Ctrl-C or SIGTERM. Run several, on several "
        "machines, when they share Redis (JOBS_REDIS_URL / REDIS_URL)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.JOBS_WORKER_THREADS,
            help="tasks run at the same time (default JOBS_WORKER_THREADS, %(default)s)",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="only run queued tasks; do not enqueue periodic jobs from this process",
        )

    def handle(self, *args, threads: int, no_scheduler: bool, **options) -> None:
        if huey.immediate:
            raise CommandError("JOBS_IMMEDIATE is on: tasks run in the caller; no worker needed.")
        if threads < 1:
            raise CommandError("--threads must be at least 1.")
        storage = type(huey.storage).__name__
        self.stdout.write(
            f"Worker: {threads} thread(s), storage {storage}, "
            f"scheduler {'off' if no_scheduler else 'on'}."
        )
        self.stdout.flush()
        consumer = huey.create_consumer(
            workers=threads,
            worker_type="thread",
            periodic=not no_scheduler,
            check_worker_health=True,
            scheduler_interval=1,
        )
        consumer.run()

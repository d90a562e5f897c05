"""`unicon worker`: run queued tasks and (by default) the periodic-job scheduler."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

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
            "--processes",
            type=int,
            default=0,
            help="run tasks in this many processes instead of threads (CPU-bound work on "
            "several cores: e-mail rendering)",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="only run queued tasks; do not enqueue periodic jobs from this process",
        )

    def handle(self, *args, threads: int, processes: int, no_scheduler: bool, **options) -> None:
        if huey.immediate:
            raise CommandError("JOBS_IMMEDIATE is on: tasks run in the caller; no worker needed.")
        if threads < 1 or processes < 0:
            raise CommandError("--threads must be at least 1, --processes at least 0.")
        kind, count = ("process", processes) if processes else ("thread", threads)
        storage = type(huey.storage).__name__
        self.stdout.write(
            f"Worker: {count} {kind} worker(s), storage {storage}, "
            f"scheduler {'off' if no_scheduler else 'on'}."
        )
        self.stdout.flush()
        connections.close_all()  # nothing opened here may be shared with forked processes
        consumer = huey.create_consumer(
            workers=count,
            worker_type=kind,
            periodic=not no_scheduler,
            check_worker_health=True,
            scheduler_interval=1,
            # an idle worker looks at the queue at least every second (Huey's default backs off
            # to 10 s, which would be the delay of the first e-mail after a quiet spell)
            initial_delay=0.1,
            backoff=1.15,
            max_delay=1.0,
        )
        consumer.run()

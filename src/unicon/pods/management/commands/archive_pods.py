from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle

from ._progress import reporter


class Command(ServiceCommand):
    help = (
        "Copy POD files older than --days days to cold storage (s3://bucket/prefix/ or "
        "file:///path/), verify each copy's SHA-256 there and record where it went. "
        "Resumable and idempotent: run it again after an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument(
            "--destination",
            default=None,
            help="s3://bucket/prefix/ or file:///path/ (default: ARCHIVE_URL)",
        )

    def handle(self, *args, **options):
        summary = lifecycle.archive(
            options["days"], options["destination"], progress=reporter(self, "Archiving")
        )
        for problem in summary.problems:
            self.stderr.write(problem)
        line = (
            f"Archived {summary.done} file(s) ({summary.bytes} bytes), "
            f"{summary.skipped} already archived, {summary.failed} failed."
        )
        self.stdout.write(
            self.style.SUCCESS(line) if not summary.failed else self.style.ERROR(line)
        )
        if summary.failed:
            raise SystemExit(1)

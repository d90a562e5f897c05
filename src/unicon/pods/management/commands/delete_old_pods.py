from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle

from ._progress import reporter


class Command(ServiceCommand):
    help = (
        "Remove from primary storage the POD files older than --days days whose archive copy "
        "is verified. Without --confirm it only lists what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--confirm", action="store_true", help="really delete")

    def handle(self, *args, **options):
        days = options["days"]
        if not options["confirm"]:
            ready, kept = lifecycle.deletable(days)
            for pod in ready:
                self.stdout.write(f"would delete {pod.storage_key} (archived at {pod.archive_url})")
            for pod in kept:
                self.stdout.write(f"keep {pod.storage_key}: no verified archive copy")
            self.stdout.write(
                f"Dry run: {len(ready)} file(s) would be deleted, {len(kept)} kept. "
                "Nothing was changed; add --confirm to delete."
            )
            return
        summary = lifecycle.delete_archived(days, progress=reporter(self, "Deleting"))
        for problem in summary.problems:
            self.stderr.write(problem)
        line = (
            f"Deleted {summary.done} file(s) ({summary.bytes} bytes) from primary storage; "
            f"{summary.skipped} kept (not archived), {summary.failed} kept (archive unverified)."
        )
        self.stdout.write(
            self.style.SUCCESS(line) if not summary.failed else self.style.ERROR(line)
        )
        if summary.failed:
            raise SystemExit(1)

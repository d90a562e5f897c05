from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle

from ._progress import reporter


class Command(ServiceCommand):
    help = (
        "Remove from primary storage the POD files older than --days days (and not restored "
        "within --days days) whose archive copy is verified — read back and compared by "
        "SHA-256 now. Without --confirm it does the same checks and only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--confirm", action="store_true", help="really delete")

    def handle(self, *args, **options):
        confirm = options["confirm"]
        if confirm:
            progress = reporter(self, "Deleting")
        else:
            _ready, kept = lifecycle.deletable(options["days"])
            for pod in kept:
                self.stdout.write(f"keep {pod.storage_key}: no verified archive copy")

            def progress(index, total, pod, outcome):
                if outcome != "kept":
                    self.stdout.write(
                        f"would delete {pod.storage_key} (archived at {pod.archive_url})"
                    )

        summary = lifecycle.delete_archived(options["days"], progress=progress, confirm=confirm)
        for problem in summary.problems:
            self.stderr.write(problem)
        if confirm:
            line = (
                f"Deleted {summary.done} file(s) ({summary.bytes} bytes) from primary storage; "
                f"{summary.skipped} kept (not archived), {summary.failed} kept (archive "
                "unverified)."
            )
        else:
            line = (
                f"Dry run: {summary.done} file(s) would be deleted ({summary.bytes} bytes), "
                f"{summary.skipped} kept (not archived), {summary.failed} kept (archive "
                "unverified). Nothing was changed; add --confirm to delete."
            )
        self.stdout.write(
            self.style.SUCCESS(line) if not summary.failed else self.style.ERROR(line)
        )
        if summary.failed:
            raise SystemExit(1)

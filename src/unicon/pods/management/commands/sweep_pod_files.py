from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle


class Command(ServiceCommand):
    help = (
        "Find files in primary storage (pods/, documents/) that no POD or document row "
        "references — left by a crash between writing a file and committing its row — and "
        "delete them with --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-minutes", type=int, default=60, help="skip younger files (in flight)"
        )
        parser.add_argument("--confirm", action="store_true", help="really delete")

    def handle(self, *args, **options):
        orphans = lifecycle.sweep_orphans(options["min_age_minutes"], confirm=options["confirm"])
        verb = "deleted" if options["confirm"] else "would delete"
        for key in orphans:
            self.stdout.write(f"{verb} {key}")
        tail = "" if options["confirm"] else " Nothing was changed; add --confirm to delete."
        self.stdout.write(f"{len(orphans)} orphan file(s) {verb}.{tail}")

from unicon.core.commands import ServiceCommand
from unicon.pods import lifecycle

HEADERS = ["id", "shipment", "stop", "name", "size", "uploaded", "archived?"]


class Command(ServiceCommand):
    help = "List POD files uploaded more than --days days ago (runbook §2.4)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, **options):
        pods = lifecycle.list_old(options["days"])
        rows = [HEADERS, *lifecycle.iter_rows(pods)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        total = sum(p.size for p in pods)
        self.stdout.write(f"{len(pods)} file(s) older than {options['days']} days, {total} bytes.")

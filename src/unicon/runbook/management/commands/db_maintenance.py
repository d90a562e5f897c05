from django.db import connection

from unicon.core import audit
from unicon.core.commands import ServiceCommand
from unicon.runbook import dbmaintenance


class Command(ServiceCommand):
    help = (
        "ANALYZE (planner statistics), VACUUM (VACUUM ANALYZE: reclaim space + statistics) or "
        "REINDEX (rebuild indexes; blocks writes to each table while it runs) of the "
        "configured database, table by table with progress and timing."
    )

    def add_arguments(self, parser):
        parser.add_argument("operation", choices=dbmaintenance.OPERATIONS)

    def handle(self, *args, **options):
        operation = options["operation"]
        name = connection.settings_dict["NAME"]
        self.stdout.write(f"{operation.upper()} of {connection.vendor} database {name}:")

        def progress(index: int, total: int, table: str, seconds: float) -> None:
            self.stdout.write(f"  [{index}/{total}] {table:<45} {seconds:8.3f} s")

        total = dbmaintenance.run(operation, progress)
        audit.log("ops.db_maintenance", extra={"operation": operation, "seconds": round(total, 3)})
        self.stdout.write(self.style.SUCCESS(f"Done in {total:.2f} s."))

"""`unicon mark-overdue [--date YYYY-MM-DD]`: the daily job storing OVERDUE on unpaid
receivables past due (idempotent; run it daily, e.g. from the job queue or cron)."""

from datetime import date

from unicon.billing import receivables
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "Mark unpaid receivables past their due date OVERDUE (with their invoices/shipments)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, help="today's date (default: today, Vietnam time)"
        )

    def handle(self, *args, **options):
        changed = receivables.mark_overdue(options.get("date"))
        self.stdout.write(f"{changed} receivable(s) marked overdue.")

"""`unicon mark-overdue [--date YYYY-MM-DD]`: the daily job storing OVERDUE on unpaid
receivables past due (idempotent; run it daily, e.g. from the job queue or cron)."""

from unicon.billing import receivables
from unicon.core import dates
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "Mark unpaid receivables past their due date OVERDUE (with their invoices/shipments)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="today's date, YYYY-MM-DD (default: today, Vietnam time)"
        )

    def handle(self, *args, **options):
        changed = receivables.mark_overdue(dates.option_day(options["date"], "--date"))
        self.stdout.write(f"{changed} receivable(s) marked overdue.")

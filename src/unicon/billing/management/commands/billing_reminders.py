"""`unicon billing-reminders [--date YYYY-MM-DD]`: today's payment reminders (customer,
receivable, kind, outstanding, contacts) and ACCOUNTING's overdue digest; it sends nothing
(the notifications module sends them from `billing.reminders.due_reminders`)."""

from datetime import date

from unicon.billing import reminders
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "List today's payment reminders and the overdue digest."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="default: today")

    def handle(self, *args, **options):
        for r in reminders.due_reminders(options.get("date")):
            emails = ", ".join(r.emails) or "-"
            self.stdout.write(
                f"{r.kind}\t{r.customer}\t{r.reference}\t{r.due_date:%d/%m/%Y}\t"
                f"{r.outstanding}\t{emails}"
            )
        figures = reminders.digest()
        self.stdout.write(
            f"overdue receivables: {figures['overdue']}, outstanding {figures['overdueAmount']}"
        )

"""`unicon billing-reminders [--date YYYY-MM-DD] [--dry-run]`: send today's payment reminders
(in-app + e-mail to the customer's owners, through the notifications outbox; once per
receivable and step, so running it again the same day sends nothing) after storing OVERDUE
on receivables past due. `--dry-run` lists them (kind, customer, reference, due date,
outstanding, billing contacts) with ACCOUNTING's overdue digest and changes nothing. The
worker runs the same thing daily (job `billing-reminders`)."""

from django.utils import timezone

from unicon.billing import receivables, reminders
from unicon.core import dates
from unicon.core.commands import ServiceCommand


class Command(ServiceCommand):
    help = "Send today's payment reminders (--dry-run: only list them and the overdue digest)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today, Vietnam)")
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")

    def handle(self, *args, **options):
        today = dates.option_day(options["date"], "--date") or timezone.localdate()
        if not options["dry_run"]:
            changed = receivables.mark_overdue(today)
            due, sent = reminders.send_reminders(today)
            self.stdout.write(f"{changed} marked overdue, {due} reminder(s) due, {sent} sent.")
            return
        for r in reminders.due_reminders(today):
            emails = ", ".join(r.emails) or "-"
            self.stdout.write(
                f"{r.kind}\t{r.customer}\t{r.reference}\t{r.due_date:%d/%m/%Y}\t"
                f"{r.outstanding}\t{emails}"
            )
        figures = reminders.digest()
        self.stdout.write(
            f"overdue receivables: {figures['overdue']}, outstanding {figures['overdueAmount']}"
        )

"""Billing's work on the one job queue (`unicon.jobs`): invoice PDFs and the daily
receivables follow-up.

Times are UTC: 17:05 UTC is 00:05 in Vietnam (a due date has just passed), 01:00 UTC is
08:00 in Vietnam (reminders arrive in office hours). Each periodic job runs once per schedule
slot however many workers run schedulers (the jobs framework's `JobRun` lock), and each step
is idempotent on its own (mark-overdue changes nothing the second time, a reminder is sent
once per receivable and step), so a manual `unicon jobs run …` on top is harmless.
"""

from unicon.billing import pdf, receivables, reminders
from unicon.jobs import periodic, task


@task(retries=3, retry_delay=30)
def render_invoice_pdf(invoice_id: int) -> None:
    """Render and store the PDF of an issued invoice (queued when the issue commits).

    Safe twice: a stored PDF is kept (the second render is discarded). Retried 3 times
    (30 s, 60 s, 120 s); if it never succeeds the first download renders it."""
    pdf.store(invoice_id)


@periodic(
    "5 17 * * *",
    name="mark-overdue",
    description="unicon mark-overdue: unpaid receivables past due → OVERDUE (00:05 VN)",
)
def mark_overdue() -> str:
    return f"{receivables.mark_overdue()} receivable(s) marked overdue"


@periodic(
    "0 1 * * *",
    name="billing-reminders",
    description="unicon billing-reminders: payment reminders to customer owners (08:00 VN)",
)
def billing_reminders() -> str:
    changed = receivables.mark_overdue()  # statuses right even if mark-overdue was missed
    due, sent = reminders.send_reminders()
    return f"{changed} marked overdue, {due} reminder(s) due, {sent} sent"

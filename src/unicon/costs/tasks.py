"""Background work of the costs app, on the one job queue (`unicon.jobs`)."""

from unicon.costs import invoices, reminders
from unicon.jobs import periodic, task


@task(retries=2, retry_delay=60)
def read_purchase_invoice(invoice_pk: int) -> None:
    """Read one queued paper invoice with the offline OCR engine (seconds per page).

    Safe to run twice: `run_ocr` leaves an invoice that is no longer queued alone. Invoices
    that lost their task are still read by `unicon ocr-invoices`.
    """
    invoices.run_ocr(invoice_pk)


@periodic(
    "10 0 * * *",
    name="service-reminders",
    description="Vehicle services due in 7/1 days or 1,000 km, or overdue → dispatchers, ADMIN",
)
def service_reminders() -> str:
    return reminders.service_reminders()

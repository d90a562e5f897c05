"""`unicon ocr-invoices`: read the queued paper invoices with the offline OCR engine.

The worker reads each upload as it comes (`costs.tasks.read_purchase_invoice`); this command
reads whatever is still queued (a task lost with a worker, or OCR installed later), by hand.
Exit code 1 when the OCR engine is not installed.
"""

from unicon.core.commands import ServiceCommand
from unicon.costs import invoices, ocr
from unicon.costs.models import OcrStatus


class Command(ServiceCommand):
    help = "Read queued purchase invoices (photos/PDF) with Tesseract, offline."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="at most this many (100)")

    def handle(self, *args, **options):
        missing = ocr.availability()
        if missing:
            self.stderr.write(missing)
        queued = invoices.queued_invoice_ids()[: options["limit"]]
        done = 0
        for pk in queued:
            invoice = invoices.run_ocr(pk)
            if invoice is None:
                continue
            done += invoice.ocr_status == OcrStatus.DONE
            fields = ", ".join(sorted(invoice.ocr_fields)) or "-"
            self.stdout.write(
                f"{invoice.public_id} {invoice.get_ocr_status_display()}: {fields}"
                + (f" ({invoice.ocr_message})" if invoice.ocr_message else "")
            )
        self.stdout.write(f"{done} of {len(queued)} queued invoice(s) read.")
        if missing:
            raise SystemExit(1)

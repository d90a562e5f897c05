"""Invoice PDF (A4, Vietnamese, fonts embedded) rendered from an HTML template by WeasyPrint.

The rendering itself (WeasyPrint, Pango needed) is `unicon.core.pdf`.
The file is stored privately under `invoices/` and served only through `download`.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from unicon.billing import money
from unicon.billing.invoices import get_invoice
from unicon.billing.models import BillingProfile, Invoice, InvoiceStatus
from unicon.core.errors import Conflict
from unicon.core.pdf import PdfUnavailable, html_to_pdf
from unicon.notifications import catalogue
from unicon.pods import storage


def render(invoice: Invoice) -> bytes:
    """The invoice as PDF bytes."""
    lines = list(invoice.lines.all())
    totals = money.totals((line.amount, line.vat_rate) for line in lines)
    profile = BillingProfile.objects.filter(legal_entity=invoice.legal_entity).first()
    context = {"invoice": invoice, "lines": lines, "totals": totals, "profile": profile}
    return html_to_pdf("billing/invoice_pdf.html", context)


def store(invoice_id: int) -> str:
    """Render the invoice's PDF and store it once; returns its storage key (the one already
    stored if another process won the race). Raises PdfUnavailable without Pango."""
    invoice = Invoice.objects.select_related("legal_entity", "customer").get(pk=invoice_id)
    data = render(invoice)
    store = storage.primary()
    key = storage.write(store, storage.new_key("invoices", "pdf"), data)
    with transaction.atomic():
        updated = Invoice.objects.filter(pk=invoice_id, pdf_key="").update(pdf_key=key)
    if not updated:  # someone stored one meanwhile
        storage.delete_quietly(store, [key])
        key = Invoice.objects.values_list("pdf_key", flat=True).get(pk=invoice_id)
    return key


def _stored_pdf(invoice: Invoice) -> tuple[bytes, str]:
    """(PDF bytes, file name) of an issued invoice: the stored file, rendered and stored now
    if the worker has not done it yet (raises PdfUnavailable without Pango)."""
    key = invoice.pdf_key or store(invoice.pk)
    return storage.read(storage.primary(), key), f"{invoice.number}.pdf"


def download(user, public_id) -> tuple[bytes, str]:
    """(PDF bytes, file name) of an issued invoice for ACCOUNTING/ADMIN or the customer's owner
        (404 for another company). Normally the worker rendered it when the invoice was issued
    (`tasks.render_invoice_pdf`); if it has not (worker behind or down), it is rendered and
    stored now, in the request (one to a few seconds), so a download never waits on the queue."""
    invoice = get_invoice(user, public_id)
    if invoice.status == InvoiceStatus.DRAFT:
        raise Conflict(_("A draft invoice has no PDF yet."), {"status": invoice.status})
    return _stored_pdf(invoice)


@catalogue.attach(catalogue.INVOICE_ISSUED)
def issued_invoice_attachment(event) -> list[catalogue.Attachment]:
    """The "invoice issued" e-mail carries the invoice PDF (the one stored by the worker, or
    rendered now); without Pango on the server the e-mail goes with its link only."""
    invoice = Invoice.objects.filter(public_id=event.object_id).first()
    if invoice is None or invoice.status == InvoiceStatus.DRAFT:
        return []
    try:
        data, name = _stored_pdf(invoice)
    except PdfUnavailable:
        return []
    return [(name, data, "application/pdf")]

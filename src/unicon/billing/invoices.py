"""VAT invoices: built from a confirmed statement or from chosen charges of one customer,
numbered `INV-YYYY-NNNN` per issuing legal entity and year when issued (Decree 123/2020/ND-CP
art. 10: consecutive numbers per series), never edited once issued; a correction is a
cancellation with a reason (Decree 123/2020 art. 19) followed by a new invoice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing import money, notices, policies, receivables
from unicon.billing.invoicing import get_statement, set_financial_status
from unicon.billing.lookups import field_error, one
from unicon.billing.models import (
    BillingProfile,
    Charge,
    ChargeKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    StatementStatus,
)
from unicon.core import audit, crud, numbers
from unicon.core.errors import Conflict
from unicon.customers.models import Customer
from unicon.fleet.models import LegalEntity
from unicon.jobs import enqueue_on_commit
from unicon.shipments.models import FinancialStatus, NumberSequence

#: States from which an invoice may be cancelled (with money allocated: reverse it first).
CANCELLABLE = {InvoiceStatus.DRAFT, InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE}


def visible_invoices(user):
    policies.ensure_reader(user)
    rows = Invoice.objects.select_related("customer", "legal_entity")
    rows = policies.restrict(rows, user)
    if policies.is_customer_user(user):
        rows = rows.exclude(status=InvoiceStatus.DRAFT)
    return rows


def get_invoice(user, public_id, *, lock: bool = False) -> Invoice:
    return one(visible_invoices(user), public_id, _("No such invoice."), lock=lock)


def _seller(value) -> LegalEntity:
    rows = LegalEntity.objects.filter(is_active=True)
    found = rows.filter(public_id=value).first() if value else rows.order_by("pk").first()
    if found is None:
        raise field_error("legalEntityId", _("Unknown legal entity."))
    return found


def _charges_for(customer: Customer, charge_ids) -> list[Charge]:
    ids = list(dict.fromkeys(charge_ids or []))
    if not ids:
        raise field_error("chargeIds", _("Choose at least one charge."))
    charges = list(
        Charge.objects.select_for_update()
        .filter(public_id__in=ids, shipment__customer=customer)
        .order_by("shipment_id", "id")
    )
    if len(charges) != len(ids):
        found = {str(c.public_id) for c in charges}
        missing = [str(i) for i in ids if str(i) not in found]
        raise field_error(
            "chargeIds",
            _("Unknown charge, or one of another customer: %(ids)s.") % {"ids": ", ".join(missing)},
        )
    return charges


def _check_billable(charges: list[Charge]) -> None:
    taken = InvoiceLine.objects.filter(charge__in=charges, live=True)
    taken_ids = [str(p) for p in taken.values_list("charge__public_id", flat=True)]
    if taken_ids:
        raise Conflict(_("Some charges are already on an invoice."), {"chargeIds": taken_ids})
    no_receipt = [
        str(c.public_id) for c in charges if c.kind == ChargeKind.DISBURSEMENT and not c.receipt_key
    ]
    if no_receipt:
        raise Conflict(
            _("Attach the receipt of every disbursement first."), {"chargeIds": no_receipt}
        )


def _fill_totals(invoice: Invoice, charges: list[Charge]) -> None:
    """Subtotal, VAT and total of the charges; 400 when the total (VAT included) is above
    `numbers.MAX_MONEY`."""
    result = money.totals((c.amount, c.vat_rate) for c in charges)
    numbers.check(result.total, numbers.MONEY, "chargeIds", _("The invoice total"))
    invoice.subtotal, invoice.vat_total, invoice.total = result.subtotal, result.vat, result.total
    invoice.amount_in_words = money.in_words(result.total)


def create_invoice(user, data: dict) -> Invoice:
    """A DRAFT invoice: {customer_id, legal_entity_id?, statement_id? | charge_ids[],
    adjusts_id?}. A statement must be CONFIRMED and gives all its charges. `adjusts_id` makes it
    an adjustment invoice (hóa đơn điều chỉnh, Decree 123/2020 art. 19) for additional charges
    referring to an issued invoice of the same customer and seller. Refused: a charge of another
    customer (400), a charge already on a live invoice (409; also when two accountants race:
    the database's partial unique index lets exactly one win), a disbursement without receipt."""
    policies.ensure_manager(user)
    statement = None
    try:
        with transaction.atomic():
            if data.get("statement_id"):
                statement = get_statement(user, data["statement_id"], lock=True)
                if statement.status != StatementStatus.CONFIRMED:
                    raise Conflict(
                        _("Only a confirmed statement can be invoiced."),
                        {"status": statement.status},
                    )
                customer = statement.customer
                charge_ids = list(statement.charges.values_list("public_id", flat=True))
            else:
                customer = Customer.objects.filter(public_id=data.get("customer_id")).first()
                if customer is None:
                    raise field_error("customerId", _("Unknown customer."))
                charge_ids = data.get("charge_ids")
            charges = _charges_for(customer, charge_ids)
            _check_billable(charges)
            seller = _seller(data.get("legal_entity_id"))
            invoice = _create(user, customer, statement, charges, seller)
            if data.get("adjusts_id"):
                invoice.adjusts = _adjusted(user, data["adjusts_id"], invoice)
                invoice.save(update_fields=["adjusts", "updated_at"])
            return invoice
    except IntegrityError as exc:
        raise Conflict(_("Some charges are already on an invoice."), {"chargeIds": []}) from exc


def _adjusted(user, public_id, invoice: Invoice) -> Invoice:
    original = visible_invoices(user).filter(public_id=public_id).first()
    if original is None or (original.customer_id, original.legal_entity_id) != (
        invoice.customer_id,
        invoice.legal_entity_id,
    ):
        raise field_error("adjustsId", _("Choose an invoice of the same customer and seller."))
    if original.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        raise Conflict(_("Only an issued invoice can be adjusted."), {"status": original.status})
    return original


def _create(user, customer, statement, charges, seller) -> Invoice:
    profile = BillingProfile.objects.filter(legal_entity=seller).first()
    invoice = Invoice(
        legal_entity=seller,
        customer=customer,
        statement=statement,
        invoice_series=f"{profile.invoice_template}{profile.invoice_series}" if profile else "",
        buyer_name=customer.invoice_name or customer.name,
        buyer_tax_code=customer.tax_code,
        buyer_address=customer.invoice_address or customer.address,
        created_by=user,
    )
    _fill_totals(invoice, charges)
    with audit.labelled("invoice.create"):
        invoice.save()
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            charge=c,
            description=f"{c.shipment.number} — {c.description}"[:255],
            quantity=c.quantity,
            unit_price=c.unit_price,
            amount=c.amount,
            vat_rate=c.vat_rate,
        )
        for c in charges
    )
    return invoice


def next_invoice_number(seller: LegalEntity, day) -> str:
    """`INV-YYYY-NNNN` from the seller's own yearly counter (row-locked until commit)."""
    name = f"INV-{seller.pk}-{day.year}"
    NumberSequence.objects.get_or_create(name=name)
    counter = NumberSequence.objects.select_for_update().get(name=name)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return f"INV-{day.year}-{counter.last_value:04d}"


def _shipment_ids(invoice: Invoice) -> set[int]:
    return set(invoice.lines.values_list("charge__shipment_id", flat=True))


def issue_invoice(user, public_id, provider_number: str = "") -> Invoice:
    """DRAFT → ISSUED: number, invoice date (today, Asia/Ho_Chi_Minh), statement INVOICED and
        every shipment's financial status INVOICED with its event, all in one transaction; the PDF
        is rendered by the worker once it commits (`tasks.render_invoice_pdf`), and the customer's
    owners are notified (`notices.invoice_issued`)."""
    policies.ensure_manager(user)
    field = Invoice._meta.get_field("provider_number")
    provider_number = crud.bounded_text(
        provider_number, field.max_length, "providerNumber", field.verbose_name
    )  # refused when too long, never cut
    with transaction.atomic():
        invoice = get_invoice(user, public_id, lock=True)
        if invoice.status != InvoiceStatus.DRAFT:
            raise Conflict(_("Only a draft invoice can be issued."), {"status": invoice.status})
        today = timezone.localdate()
        invoice.number = next_invoice_number(invoice.legal_entity, today)
        invoice.issue_date, invoice.issued_at = today, timezone.now()
        invoice.provider_number = provider_number
        invoice.status = InvoiceStatus.ISSUED
        with audit.labelled("invoice.issue"):
            invoice.save()
        receivable = receivables.open_for_invoice(invoice, user)
        if invoice.statement_id:
            invoice.statement.status = StatementStatus.INVOICED
            invoice.statement.save(update_fields=["status", "updated_at"])
        set_financial_status(
            _shipment_ids(invoice), FinancialStatus.INVOICED, user, note=invoice.number
        )
        notices.invoice_issued(invoice, receivable, user)
        enqueue_on_commit(_pdf_task(), invoice.pk)
    return invoice


def _pdf_task():
    from unicon.billing.tasks import render_invoice_pdf  # tasks → pdf → this module

    return render_invoice_pdf


def cancel_invoice(user, public_id, reason: str) -> Invoice:
    """Cancel a draft or an issued, unpaid invoice with a reason: its lines stop being live (the
    charges can be billed again), shipments without another live invoice go back to
    NOT_BILLED, a statement back to CONFIRMED. 409 for a paid or cancelled invoice."""
    policies.ensure_manager(user)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason of the cancellation."))
    with transaction.atomic():
        invoice = get_invoice(user, public_id, lock=True)
        if invoice.status not in CANCELLABLE:
            raise Conflict(_("This invoice cannot be cancelled."), {"status": invoice.status})
        was_issued = invoice.status != InvoiceStatus.DRAFT
        receivables.close_for_invoice(invoice)
        shipments = _shipment_ids(invoice)
        invoice.status, invoice.cancel_reason = InvoiceStatus.CANCELLED, reason
        with audit.labelled("invoice.cancel"):
            invoice.save()
        invoice.lines.update(live=False)
        if invoice.statement_id and invoice.statement.status == StatementStatus.INVOICED:
            invoice.statement.status = StatementStatus.CONFIRMED
            invoice.statement.save(update_fields=["status", "updated_at"])
        if was_issued:
            still = set(
                InvoiceLine.objects.filter(
                    live=True, charge__shipment_id__in=shipments
                ).values_list("charge__shipment_id", flat=True)
            )
            set_financial_status(shipments - still, FinancialStatus.NOT_BILLED, user, note=reason)
    return invoice


def update_invoice(user, public_id, data: dict) -> Invoice:
    """Change the buyer data or the provider's number of a DRAFT invoice; an issued invoice is
    never edited (409)."""
    policies.ensure_manager(user)
    with transaction.atomic():
        invoice = get_invoice(user, public_id, lock=True)
        if invoice.status != InvoiceStatus.DRAFT:
            raise Conflict(
                _("An issued invoice is never edited; cancel it with a reason instead."),
                {"status": invoice.status},
            )
        for name in ("buyer_name", "buyer_tax_code", "buyer_address", "provider_number"):
            if data.get(name) is not None:
                setattr(invoice, name, str(data[name]).strip())
        if not invoice.buyer_name:
            raise field_error("buyerName", _("Required."))
        with audit.labelled("invoice.update"):
            invoice.save()
    return invoice

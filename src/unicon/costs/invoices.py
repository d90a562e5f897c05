"""Purchase invoices (DOMAIN.md §2.14, §3.9, §4.11), read on this machine only:
e-invoice XML exactly (`einvoice`), paper or photos by OCR (`ocr`) in the background.

States: an XML import is PENDING at once; a scan is PROCESSING (OCR queued) → PENDING when
OCR is done (or failed, or unavailable); PENDING → CONFIRMED (gate: number, date, seller tax
code and total present, no open issues) or REJECTED (reason). Values typed by a person
always win over OCR.
"""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from unicon.core import audit, filtering, numbers
from unicon.core.crud import get_or_404, reference
from unicon.core.errors import Conflict, ValidationFailed
from unicon.core.pagination import Page, keyset_page
from unicon.costs import einvoice, files, ocr, policies
from unicon.costs.filters import PurchaseInvoiceFilter
from unicon.costs.models import (
    FileKind,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
    OcrStatus,
    PurchaseInvoice,
)
from unicon.costs.services import review
from unicon.fleet.models import LegalEntity, Vehicle, normalise_plate
from unicon.pods import content
from unicon.shipments.models import Shipment

# Fields a person may type (and OCR may fill); the four of the confirm gate.
EDITABLE = [
    "series",
    "number",
    "issue_date",
    "seller_name",
    "seller_tax_code",
    "buyer_tax_code",
    "subtotal",
    "vat_rate",
    "vat_amount",
    "total",
    "plate",
    "description",
]
REQUIRED_TO_CONFIRM = ["number", "issue_date", "seller_tax_code", "total"]
MONEY = {"subtotal", "vat_amount", "total"}


def _duplicate_of(seller_tax_code: str, series: str, number: str, exclude=None):
    if not number:
        return None
    found = PurchaseInvoice.objects.filter(
        seller_tax_code=seller_tax_code, series=series, number=number
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.first()


def _refuse_duplicate(existing: PurchaseInvoice) -> Conflict:
    return Conflict(
        _("This invoice is already recorded: %(invoice)s (entered %(when)s).")
        % {"invoice": existing, "when": f"{timezone.localtime(existing.created_at):%d/%m/%Y}"},
        {"existingId": str(existing.public_id)},
    )


def _buyer_issues(buyer_tax_code: str) -> tuple[LegalEntity | None, list[dict]]:
    """Our legal entity with this tax code, or an issue saying it is not ours."""
    entity = LegalEntity.objects.filter(tax_code=buyer_tax_code).first() if buyer_tax_code else None
    if entity is not None:
        return entity, []
    return None, [
        {
            "code": "BUYER",
            "message": _("The buyer's tax code %(code)s is not one of our companies.")
            % {"code": buyer_tax_code or "—"},
        }
    ]


def _vehicle(value) -> Vehicle | None:
    return reference(Vehicle.objects.all(), value, "vehicle", _("Unknown vehicle."))


def import_einvoice(user, xml_upload, pdf_upload=None, vehicle=None) -> PurchaseInvoice:
    """Import an e-invoice XML (and optionally its PDF): every field filled exactly, no OCR.

    Raises Forbidden (not ACCOUNTING/ADMIN), ValidationFailed (not an e-invoice, missing
    element, bad PDF), Conflict 409 naming the existing record when the same seller tax code
    + series + number is already recorded. Arithmetic problems and a buyer tax code that is
    none of our legal entities are not refused: they are listed in `issues` and block the
    confirmation.
    """
    policies.ensure_may_handle_invoices(user)
    if xml_upload is None:
        raise ValidationFailed(_("Attach the XML file."), {"xml": [_("Required.")]})
    data = xml_upload.read(einvoice.MAX_XML_BYTES + 1)
    parsed = einvoice.parse(data)
    pdf = content.inspect(pdf_upload) if pdf_upload is not None else None
    if pdf is not None and pdf.content_type != content.PDF:
        raise ValidationFailed(_("The second file must be the PDF."), {"pdf": ["not a PDF"]})
    entity, buyer_issues = _buyer_issues(parsed.buyer_tax_code)
    existing = _duplicate_of(parsed.seller_tax_code, parsed.series, parsed.number)
    if existing is not None:
        raise _refuse_duplicate(existing)
    xml_file = content.Inspected(
        data=data,
        content_type="application/xml",
        extension="xml",
        sha256=content.hashlib.sha256(data).hexdigest(),
        size=len(data),
        original_name=content.clean_name(getattr(xml_upload, "name", ""), "xml"),
    )
    try:
        with files.writing() as writer, transaction.atomic(), audit.labelled("invoice.import"):
            invoice = PurchaseInvoice.objects.create(
                source=InvoiceSource.EINVOICE,
                status=InvoiceStatus.PENDING,
                legal_entity=entity,
                series=parsed.series,
                number=parsed.number,
                issue_date=parsed.issue_date,
                seller_name=parsed.seller_name[:400],
                seller_tax_code=parsed.seller_tax_code[:14],
                seller_address=parsed.seller_address[:500],
                buyer_name=parsed.buyer_name[:400],
                buyer_tax_code=parsed.buyer_tax_code[:14],
                currency=parsed.currency[:3],
                subtotal=parsed.subtotal,
                vat_rate=parsed.vat_rate[:10],
                vat_amount=parsed.vat_amount,
                total=parsed.total,
                total_in_words=parsed.total_in_words[:500],
                description=(parsed.lines[0].description if parsed.lines else "")[:500],
                vehicle=_vehicle(vehicle),
                issues=einvoice.arithmetic_issues(parsed) + buyer_issues,
                created_by=user,
            )
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    invoice=invoice,
                    position=line.position,
                    description=line.description[:500],
                    unit=line.unit[:50],
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    amount=-line.amount if line.nature == einvoice.DISCOUNT_LINE else line.amount,
                    vat_rate=line.vat_rate[:10],
                )
                for line in parsed.lines
            )
            writer.attach({"invoice": invoice}, FileKind.XML, xml_file, user)
            if pdf is not None:
                writer.attach({"invoice": invoice}, FileKind.INVOICE, pdf, user)
    except IntegrityError as exc:  # the same invoice imported at the same moment
        existing = _duplicate_of(parsed.seller_tax_code, parsed.series, parsed.number)
        raise _refuse_duplicate(existing) if existing else Conflict(str(exc)) from exc
    return invoice


def upload_scan(user, uploads: Iterable, vehicle=None, typed: dict | None = None):
    """A paper invoice: photos or a PDF (JPEG/PNG/WebP/HEIC/PDF, POD size limit), stored, OCR
    queued (`schedule_ocr`). `typed` fields (see EDITABLE) are kept as typed and win over OCR.
    Raises Forbidden, ValidationFailed (no file, bad file, bad typed value), PayloadTooLarge."""
    policies.ensure_may_handle_invoices(user)
    checked = files.inspect_all(files.Upload(FileKind.INVOICE, u) for u in uploads)
    if not checked:
        raise ValidationFailed(_("Attach the invoice photo or PDF."), {"files": ["required"]})
    typed_values = _clean_typed(typed or {})
    with files.writing() as writer, transaction.atomic(), audit.labelled("invoice.upload"):
        invoice = PurchaseInvoice.objects.create(
            source=InvoiceSource.SCAN,
            status=InvoiceStatus.PROCESSING,
            ocr_status=OcrStatus.QUEUED,
            vehicle=_vehicle(vehicle),
            typed_fields=sorted(typed_values),
            created_by=user,
            **typed_values,
        )
        for kind, found in checked:
            writer.attach({"invoice": invoice}, kind, found, user)
        transaction.on_commit(lambda: schedule_ocr(invoice.pk))
    return invoice


def schedule_ocr(invoice_pk: int) -> None:
    """Hand the invoice to the worker's OCR task (called when the upload's transaction has
    committed). `unicon ocr-invoices` reads whatever is still queued, e.g. after a lost task."""
    from unicon.costs.tasks import read_purchase_invoice

    read_purchase_invoice(invoice_pk)


def _clean_typed(typed: dict) -> dict:
    """Typed values, validated: money as whole đồng within `numbers.MONEY`, the date as a
    date, tax codes 10 or 13 digits (optionally written 0123456789-001)."""
    cleaned = {}
    for name, value in typed.items():
        if name not in EDITABLE:
            raise ValidationFailed(_("Unknown field."), {name: ["unknown"]})
        if value in (None, ""):
            cleaned[name] = None if name in MONEY | {"issue_date"} else ""
            continue
        if name in MONEY:
            label = capfirst(PurchaseInvoice._meta.get_field(name).verbose_name)
            numbers.check(value, numbers.MONEY, name, label)
        elif name == "issue_date":
            if not isinstance(value, date):
                raise ValidationFailed(_("Not a date."), {name: [str(value)]})
        elif name.endswith("tax_code"):
            digits = str(value).replace("-", "").strip()
            if not digits.isdigit() or len(digits) not in (10, 13):
                raise ValidationFailed(_("A tax code has 10 or 13 digits."), {name: [value]})
            value = digits[:10] + (f"-{digits[10:]}" if len(digits) == 13 else "")
        elif name == "plate":
            value = normalise_plate(value)
        else:
            value = str(value).strip()
        cleaned[name] = value
    return cleaned


def _apply_ocr(invoice: PurchaseInvoice, reading: ocr.Reading) -> None:
    invoice.ocr_fields = reading.fields
    for name, found in reading.fields.items():
        if name not in EDITABLE or name in invoice.typed_fields:
            continue  # values typed by a person always win
        try:
            value = _clean_typed({name: _ocr_value(name, found["value"])})[name]
        except (ValidationFailed, ValueError):
            continue
        setattr(invoice, name, value)
    if invoice.plate and invoice.vehicle_id is None:
        invoice.vehicle = Vehicle.objects.filter(plate=invoice.plate).first()


def _ocr_value(name: str, raw: str):
    if name in MONEY:
        return int(raw)
    if name == "issue_date":
        return date.fromisoformat(raw)
    return raw


def run_ocr(invoice_pk: int) -> PurchaseInvoice | None:
    """The background job: read a queued scan with OCR and move it to PENDING (whether OCR
    worked, failed, or the engine is missing — then `ocrMessage` says what to install).

    The OCR (seconds per page) runs outside any transaction, so nothing waits on it; the
    result is applied under a row lock to the invoice as it is then (fields typed meanwhile
    still win). Safe to run twice or in two workers: an invoice no longer queued is left alone.
    """
    invoice = PurchaseInvoice.objects.filter(pk=invoice_pk, ocr_status=OcrStatus.QUEUED).first()
    if invoice is None:
        return None
    reading, status, message = None, OcrStatus.DONE, ""
    try:
        reading = ocr.read_invoice([(f.content_type, files.read(f)) for f in invoice.files.all()])
    except ocr.OcrUnavailable as exc:
        status, message = OcrStatus.UNAVAILABLE, str(exc)
    except (ocr.OcrFailed, OSError) as exc:
        status, message = OcrStatus.FAILED, str(exc)[:500]
    with transaction.atomic():
        invoice = (
            PurchaseInvoice.objects.select_for_update()
            .filter(pk=invoice_pk, ocr_status=OcrStatus.QUEUED)
            .first()
        )
        if invoice is None:
            return None
        if reading is not None:
            _apply_ocr(invoice, reading)
        invoice.ocr_status, invoice.ocr_message = status, message
        invoice.status = InvoiceStatus.PENDING
        invoice.issues = _current_issues(invoice)
        with audit.labelled("invoice.ocr"):
            invoice.save()
    return invoice


def retry_ocr(user, public_id) -> PurchaseInvoice:
    """Read a scanned invoice again (e.g. after installing the OCR engine): back to
    PROCESSING / QUEUED. Typed fields stay and still win. Refused for e-invoices and once
    confirmed."""
    policies.ensure_may_handle_invoices(user)
    with transaction.atomic(), audit.labelled("invoice.retry_ocr"):
        invoice = get_or_404(
            PurchaseInvoice.objects.select_for_update(), public_id, _("Invoice not found.")
        )
        policies.ensure_invoice_editable(invoice)
        if invoice.source != InvoiceSource.SCAN:
            raise ValidationFailed(_("An e-invoice is read from its XML, not by OCR."))
        invoice.status, invoice.ocr_status = InvoiceStatus.PROCESSING, OcrStatus.QUEUED
        invoice.ocr_message = ""
        invoice.save()
        transaction.on_commit(lambda: schedule_ocr(invoice.pk))
    return invoice


def queued_invoice_ids() -> list[int]:
    return list(
        PurchaseInvoice.objects.filter(ocr_status=OcrStatus.QUEUED)
        .order_by("id")
        .values_list("pk", flat=True)
    )


def _current_issues(invoice: PurchaseInvoice) -> list[dict]:
    """Issues of a scanned/edited invoice: total arithmetic and the buyer; an XML invoice keeps
    the issues found in its document (its figures cannot be edited)."""
    if invoice.source == InvoiceSource.EINVOICE:
        return invoice.issues
    issues = einvoice.total_issues(invoice.subtotal, invoice.vat_amount, invoice.total)
    if invoice.buyer_tax_code:
        invoice.legal_entity, buyer = _buyer_issues(invoice.buyer_tax_code)
        issues += buyer
    return issues


def update_invoice(user, public_id, typed: dict, assign: dict | None = None) -> PurchaseInvoice:
    """Type or correct fields of a scanned invoice (they then win over OCR) and/or assign the
    cost: `assign` = {"vehicle": public id | None, "shipment": public id | None} (keys
    present change; both None = overhead). The figures of an e-invoice come from its XML and
    cannot be typed over. Refused once confirmed; a rejected invoice goes back to PENDING.
    Conflict when the new number duplicates another invoice."""
    policies.ensure_may_handle_invoices(user)
    values = _clean_typed(typed)
    with transaction.atomic(), audit.labelled("invoice.update"):
        invoice = get_or_404(
            PurchaseInvoice.objects.select_for_update(), public_id, _("Invoice not found.")
        )
        policies.ensure_invoice_editable(invoice)
        if values and invoice.source == InvoiceSource.EINVOICE:
            raise ValidationFailed(
                _("The figures of an e-invoice come from its XML and cannot be changed."),
                {name: ["read-only"] for name in values},
            )
        for name, value in values.items():
            setattr(invoice, name, value)
        invoice.typed_fields = sorted(set(invoice.typed_fields) | set(values))
        assign = assign or {}
        if "vehicle" in assign:
            invoice.vehicle = _vehicle(assign["vehicle"])
        if "shipment" in assign:
            invoice.shipment = reference(
                Shipment.objects.all(), assign["shipment"], "shipment", _("Unknown shipment.")
            )
        existing = _duplicate_of(
            invoice.seller_tax_code, invoice.series, invoice.number, exclude=invoice
        )
        if existing is not None:
            raise _refuse_duplicate(existing)
        if invoice.status == InvoiceStatus.REJECTED:
            invoice.status, invoice.rejection_reason = InvoiceStatus.PENDING, ""
        invoice.issues = _current_issues(invoice)
        invoice.save()
    return invoice


def confirm_refusal(invoice: PurchaseInvoice) -> str | None:
    """Why this invoice cannot be confirmed yet (None when it can)."""
    missing = [name for name in REQUIRED_TO_CONFIRM if getattr(invoice, name) in (None, "")]
    if missing:
        labels = ", ".join(str(PurchaseInvoice._meta.get_field(n).verbose_name) for n in missing)
        return _("Fill in before confirming: %(fields)s.") % {"fields": labels}
    if invoice.issues:
        return _("Resolve the issues first: %(issues)s") % {
            "issues": " ".join(issue["message"] for issue in invoice.issues)
        }
    return None


def review_invoice(user, public_id, target: str, reason: str = "") -> PurchaseInvoice:
    """ACCOUNTING confirms (gate: `confirm_refusal`) or rejects (reason required)."""
    policies.ensure_may_handle_invoices(user)
    return review(
        user,
        PurchaseInvoice.objects.all(),
        public_id,
        _("Invoice not found."),
        target,
        reason,
        gate=confirm_refusal,
    )


def invoice_queryset() -> QuerySet[PurchaseInvoice]:
    return PurchaseInvoice.objects.select_related(
        "vehicle", "legal_entity", "shipment"
    ).prefetch_related("lines", "files")


def list_invoices(user, params, limit: int = 50, cursor: str | None = None) -> Page:
    policies.ensure_may_handle_invoices(user)
    queryset = filtering.apply(PurchaseInvoiceFilter, params, invoice_queryset())
    return keyset_page(queryset, ["-created_at", "-id"], limit, cursor)


def invoice(user, public_id) -> PurchaseInvoice:
    policies.ensure_may_handle_invoices(user)
    return get_or_404(invoice_queryset(), public_id, _("Invoice not found."))

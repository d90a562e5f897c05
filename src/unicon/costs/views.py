"""Pages of the costs app: the driver's fuel entry on the phone, review lists for fuel and
repairs, purchase invoices (XML import, scans, review) and the margin per truck. Views only
parse forms, call one service and render; rules live in policies/services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core import display, readable
from unicon.core.errors import Forbidden, ServiceError
from unicon.core.forms import put_on_form
from unicon.core.permissions import role_required
from unicon.core.roles import Role
from unicon.costs import export, forms, invoices, margins, ocr, policies, services
from unicon.costs.filters import (
    FuelLogFilter,
    MarginForm,
    PurchaseInvoiceFilter,
    RepairLogFilter,
)
from unicon.costs.models import InvoiceSource
from unicon.web.common import report


def _show(request, exc: ServiceError, form=None) -> None:
    """A refused action: a missing object is the 404 page, a refused role the 403 page, any
    other problem a message (and on the form's fields it names)."""
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    on_form = form is not None and bool(readable.field_reasons(exc))
    report(request, exc, on_form=on_form)
    if on_form:
        put_on_form(form, exc)


def _listing(request, fetch, filterset_class):
    """The FilterSet's form (shown with its errors) and the page of rows, or an error. The
    rows come from `fetch` (the service); the FilterSet here only validates and renders."""
    filterset = filterset_class(
        request.GET or None, queryset=filterset_class._meta.model.objects.none()
    )
    page = None
    if filterset.form.is_bound and not filterset.is_valid():
        return filterset, page
    try:
        page = fetch(request.user, request.GET.dict(), 50, request.GET.get("cursor") or None)
    except ServiceError as exc:
        _show(request, exc)
    return filterset, page


# --------------------------------------------------------------------------- fuel


@role_required(*policies.LOG_ENTRY_ROLES)
def fuel_new(request: HttpRequest) -> HttpResponse:
    """The phone page: one fill with its photos (receipt, pump, odometer)."""
    driver = getattr(request.user, "driver", None) if request.user.role == Role.DRIVER else None
    form = forms.FuelLogForm(request.POST or None, request.FILES or None, driver=driver)
    if request.method == "POST" and form.is_valid():
        fill, uploads = form.to_input()
        try:
            log = services.create_fuel_log(request.user, fill, uploads)
        except ServiceError as exc:
            _show(request, exc, form)
        else:
            messages.success(
                request,
                _("Fuel fill saved: %(litres)s L, %(amount)s đ. Accounting will review it.")
                % {"litres": display.quantity(log.litres), "amount": display.grouped(log.amount)},
            )
            return redirect("costs-fuel")
    return render(request, "costs/fuel_form.html", {"form": form})


@role_required(*policies.LOG_ENTRY_ROLES)
def fuel_edit(request: HttpRequest, public_id) -> HttpResponse:
    """Correct a fill that is not confirmed (a rejected one goes back to review)."""
    try:
        log = services.fuel_log(request.user, public_id)
    except ServiceError as exc:
        _show(request, exc)
        raise Http404 from exc
    refusal = policies.edit_refusal(request.user, log)
    if refusal:
        raise PermissionDenied(refusal)
    initial = {
        "vehicle": log.vehicle.public_id,
        "filled_at": log.filled_at,
        **{name: getattr(log, name) for name in ("litres", "unit_price", "amount")},
        **{name: getattr(log, name) for name in ("odometer_km", "station")},
    }
    form = forms.FuelLogForm(request.POST or None, initial=initial, photos=False)
    if request.method == "POST" and form.is_valid():
        fill, _uploads = form.to_input()
        fill.driver = log.driver.public_id if log.driver else None
        try:
            services.update_fuel_log(request.user, public_id, fill)
        except ServiceError as exc:
            _show(request, exc, form)
        else:
            messages.success(request, _("Saved; accounting will review it again."))
            return redirect("costs-fuel")
    return render(request, "costs/fuel_form.html", {"form": form, "log": log})


@role_required(*policies.LOG_PAGE_ROLES)
def fuel_list(request: HttpRequest) -> HttpResponse:
    filterset, page = _listing(request, services.list_fuel_logs, FuelLogFilter)
    editable = {
        log.pk
        for log in (page.items if page else [])
        if policies.edit_refusal(request.user, log) is None
    }
    return render(
        request,
        "costs/fuel_list.html",
        {
            "filterset": filterset,
            "page": page,
            "editable": editable,
            "may_review": policies.may_review(request.user),
            "review_form": forms.ReviewForm(),
        },
    )


def _review(request, run, public_id, back: str) -> HttpResponse:
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or reject."))
        return redirect(back)
    try:
        run(request.user, public_id, form.cleaned_data["status"], form.cleaned_data["reason"])
    except ServiceError as exc:
        _show(request, exc)
    else:
        messages.success(request, _("Review saved."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = back
    return redirect(target)


@require_POST
@role_required(*policies.LOG_PAGE_ROLES)
def fuel_review(request: HttpRequest, public_id) -> HttpResponse:
    return _review(request, services.review_fuel_log, public_id, "costs-fuel")


# --------------------------------------------------------------------------- repairs


@role_required(*policies.LOG_PAGE_ROLES)
def repair_list(request: HttpRequest) -> HttpResponse:
    filterset, page = _listing(request, services.list_repair_logs, RepairLogFilter)
    return render(
        request,
        "costs/repair_list.html",
        {
            "filterset": filterset,
            "page": page,
            "may_review": policies.may_review(request.user),
            "may_enter": policies.may_enter_logs(request.user),
        },
    )


@role_required(*policies.LOG_ENTRY_ROLES)
def repair_new(request: HttpRequest) -> HttpResponse:
    form = forms.RepairLogForm(request.POST or None, request.FILES or None)
    lines = forms.RepairLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        repair, uploads = forms.repair_input(form, lines)
        try:
            services.create_repair_log(request.user, repair, uploads)
        except ServiceError as exc:
            _show(request, exc, form)
        else:
            messages.success(request, _("Repair saved; accounting will review it."))
            return redirect("costs-repairs")
    return render(request, "costs/repair_form.html", {"form": form, "lines": lines})


@require_POST
@role_required(*policies.LOG_PAGE_ROLES)
def repair_review(request: HttpRequest, public_id) -> HttpResponse:
    return _review(request, services.review_repair_log, public_id, "costs-repairs")


# --------------------------------------------------------------------------- invoices


@role_required(*policies.INVOICE_ROLES)
def invoice_list(request: HttpRequest) -> HttpResponse:
    filterset, page = _listing(request, invoices.list_invoices, PurchaseInvoiceFilter)
    xml_form = forms.EInvoiceForm(prefix="xml")
    scan_form = forms.ScanForm(prefix="scan")
    if request.method == "POST":
        xml_form, scan_form, created = _upload(request)
        if created is not None:
            return redirect("costs-invoice", public_id=created.public_id)
    return render(
        request,
        "costs/invoice_list.html",
        {
            "filterset": filterset,
            "page": page,
            "xml_form": xml_form,
            "scan_form": scan_form,
            "ocr_missing": ocr.availability(),
        },
    )


def _upload(request):
    """The XML import or the scan upload of the invoice list page."""
    xml_form = forms.EInvoiceForm(prefix="xml")
    scan_form = forms.ScanForm(prefix="scan")
    try:
        if "xml-xml" in request.FILES:
            xml_form = forms.EInvoiceForm(request.POST, request.FILES, prefix="xml")
            if xml_form.is_valid():
                data = xml_form.cleaned_data
                vehicle = data["vehicle"].public_id if data["vehicle"] else None
                return (
                    xml_form,
                    scan_form,
                    invoices.import_einvoice(request.user, data["xml"], data["pdf"], vehicle),
                )
        else:
            scan_form = forms.ScanForm(request.POST, request.FILES, prefix="scan")
            if scan_form.is_valid():
                data = scan_form.cleaned_data
                vehicle = data["vehicle"].public_id if data["vehicle"] else None
                created = invoices.upload_scan(request.user, data["scans"], vehicle)
                messages.success(request, _("Uploaded; the invoice is being read."))
                return xml_form, scan_form, created
    except ServiceError as exc:
        _show(request, exc)
    return xml_form, scan_form, None


@role_required(*policies.INVOICE_ROLES)
def invoice_detail(request: HttpRequest, public_id) -> HttpResponse:
    try:
        invoice = invoices.invoice(request.user, public_id)
    except ServiceError as exc:
        _show(request, exc)
        raise Http404 from exc
    form = forms.InvoiceEditForm(request.POST or None, instance=invoice)
    if invoice.source == InvoiceSource.EINVOICE:
        for name in invoices.EDITABLE:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            invoices.update_invoice(request.user, public_id, form.typed(), form.assignment())
        except ServiceError as exc:
            _show(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("costs-invoice", public_id=public_id)
    return render(
        request,
        "costs/invoice_detail.html",
        {
            "invoice": invoice,
            "form": form,
            "confirm_refusal": invoices.confirm_refusal(invoice),
            "review_form": forms.ReviewForm(),
        },
    )


@require_POST
@role_required(*policies.INVOICE_ROLES)
def invoice_review(request: HttpRequest, public_id) -> HttpResponse:
    return _review(request, invoices.review_invoice, public_id, "costs-invoices")


@require_POST
@role_required(*policies.INVOICE_ROLES)
def invoice_retry_ocr(request: HttpRequest, public_id) -> HttpResponse:
    try:
        invoices.retry_ocr(request.user, public_id)
    except ServiceError as exc:
        _show(request, exc)
    else:
        messages.success(request, _("The invoice will be read again."))
    return redirect("costs-invoice", public_id=public_id)


# --------------------------------------------------------------------------- margins


@role_required(*policies.MARGIN_ROLES)
def margin_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    defaults = {"date_from": today.replace(day=1), "date_to": today}
    form = MarginForm(request.GET or None, initial=defaults)
    report = None
    if not form.is_bound:
        report = margins.margins(request.user, defaults["date_from"], today)
    elif form.is_valid():
        data = form.cleaned_data
        report = margins.margins(
            request.user, data["date_from"], data["date_to"], data["include_unconfirmed"]
        )
    if report and request.GET.get("format") == "xlsx":
        response = HttpResponse(
            export.margin_workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"margins-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    totals = {name: report.total(name) for name in margins.TOTALS} if report else {}
    top, bottom = report.ranked() if report else ([], [])
    return render(
        request,
        "costs/margins.html",
        {
            "form": form,
            "report": report,
            "totals": totals,
            "top": top,
            "bottom": bottom,
            "report_from": report.date_from.isoformat() if report else "",
            "report_to": report.date_to.isoformat() if report else "",
        },
    )

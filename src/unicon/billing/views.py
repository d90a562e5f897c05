"""Billing pages: accounting home, shipment charges, tariffs, statements, invoices and the
customer portal's billing. Thin: a form or a FilterSet in, one service call, a template out."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from unicon.billing import (
    exports,
    filters,
    forms,
    invoices,
    invoicing,
    money,
    pdf,
    policies,
    reports,
    services,
)
from unicon.billing.models import InvoiceStatus, StatementStatus
from unicon.core import readable
from unicon.core.errors import ServiceError, ValidationFailed
from unicon.core.filtering import errors_of
from unicon.core.pagination import keyset_page
from unicon.core.permissions import page_access, role_required
from unicon.pods import services as pod_services
from unicon.shipments import services as shipment_services
from unicon.web.common import report

MANAGERS = tuple(policies.MANAGERS)


def filtered_page(request, filterset, queryset, prefix: str = ""):
    """(page, error) of a filtered list; the query keys may carry a `prefix` (two lists on one
    page), an invalid filter shows its error instead of the rows."""
    data = {k[len(prefix) :]: v for k, v in request.GET.items() if k.startswith(prefix)}
    try:
        rows = filters.apply(filterset, data, queryset)
        return keyset_page(rows, filterset.ORDER, 25, data.get("cursor") or None), None
    except ValidationFailed as exc:
        return None, errors_of(exc)


@role_required(*MANAGERS)
def home(request: HttpRequest) -> HttpResponse:
    """Unbilled delivered shipments ("no tariff" first), statements and invoices with amounts."""
    unbilled = services.unbilled_shipments(request.user)
    context = {
        "unbilled": unbilled.order_by("has_freight", *filters.UnbilledFilter.ORDER)[:50],
        "statement_form": forms.StatementForm(),
        **_statements_and_invoices(request),
    }
    return render(request, "billing/home.html", context)


def _statements_and_invoices(request) -> dict:
    """The two filtered lists shared by the accounting home and the customer portal."""
    user = request.user
    statements, statement_error = filtered_page(
        request, filters.StatementFilter, invoicing.visible_statements(user), "s_"
    )
    invoice_page, invoice_error = filtered_page(
        request, filters.InvoiceFilter, invoices.visible_invoices(user), "i_"
    )
    return {
        "statements": statements,
        "statement_error": statement_error,
        "invoices": invoice_page,
        "invoice_error": invoice_error,
        "statement_states": StatementStatus.choices,
        "invoice_states": InvoiceStatus.choices,
    }


def _shipment_page(request, public_id, form=None, status=200) -> HttpResponse:
    user = request.user
    try:
        shipment = shipment_services.shipment_detail(user, public_id)
        pods = pod_services.list_pods(user, public_id, limit=200).items
        documents = pod_services.list_documents(user, public_id, limit=200).items
    except ServiceError as exc:
        report(request, exc)
        return redirect("accounting-home")
    charges = (
        services.visible_charges(user).filter(shipment=shipment).prefetch_related("invoice_lines")
    )
    context = {
        "shipment": shipment,
        "pods": pods,
        "documents": documents,
        "charges": charges,
        "form": form or forms.ChargeForm(),
        "may_manage": policies.may_manage(user),
    }
    return render(request, "billing/shipment.html", context, status=status)


@role_required(*policies.READERS)
def shipment(request: HttpRequest, public_id) -> HttpResponse:
    """A shipment read-only with photos and documents, and its charges (add, price, remove)."""
    if request.method != "POST":
        return _shipment_page(request, public_id)
    form = forms.ChargeForm(request.POST, request.FILES)
    if form.is_valid():
        data = {**form.cleaned_data, "shipment_id": public_id}
        try:
            services.create_charge(request.user, data, data.pop("receipt"))
            return redirect("billing-shipment", public_id=public_id)
        except ValidationFailed as exc:  # on the fields it names (e.g. the amount too large)
            form.add_service_error(exc)
        except ServiceError as exc:
            report(request, exc)
    return _shipment_page(request, public_id, form, status=400)


@require_POST
@role_required(*MANAGERS)
def price(request: HttpRequest, public_id) -> HttpResponse:
    try:
        services.price_on_demand(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
    return redirect("billing-shipment", public_id=public_id)


@require_POST
@role_required(*MANAGERS)
def edit_charge(request: HttpRequest, charge_id) -> HttpResponse:
    """Change quantity, unit price or description (e.g. to resolve a dispute); audited."""
    form = forms.ChargeEditForm(request.POST)
    try:
        charge = services.get_charge(request.user, charge_id)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    try:
        if not form.is_valid():
            raise readable.form_refusal(form)
        services.update_charge(request.user, charge_id, form.cleaned_data)
    except ServiceError as exc:
        report(request, exc, readable.form_labels(form))
    return redirect("billing-shipment", public_id=charge.shipment.public_id)


def charge_receipt(request: HttpRequest, charge_id) -> HttpResponse:
    """The receipt file of a charge (billing readers of that company only)."""
    if not request.user.is_authenticated:
        return redirect("login")
    try:
        data, kind, name = services.receipt_file(request.user, charge_id)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_POST
@role_required(*MANAGERS)
def delete_charge(request: HttpRequest, charge_id) -> HttpResponse:
    try:
        charge = services.get_charge(request.user, charge_id)
        services.delete_charge(request.user, charge_id)
    except ServiceError as exc:
        report(request, exc)
        return redirect("accounting-home")
    return redirect("billing-shipment", public_id=charge.shipment.public_id)


@role_required(*MANAGERS)
def tariffs(request: HttpRequest, public_id=None) -> HttpResponse:
    """The rate cards: filtered list and a form for a new line, or (with an id) for editing one
    line; charges already created keep their price."""
    current = None
    if public_id is not None:
        try:
            current = services.get_tariff(request.user, public_id)
        except ServiceError as exc:
            raise Http404(exc.message) from exc
    form = forms.TariffForm(request.POST or None, initial=forms.TariffForm.initial_of(current))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_tariff(request.user, form.service_data(), public_id)
                return redirect("billing-tariffs")
            except ServiceError as exc:
                report(request, exc, readable.form_labels(form))
        status = 400
    page, error = filtered_page(request, filters.TariffFilter, services.list_tariffs(request.user))
    context = {"page": page, "error": error, "form": form, "current": current}
    return render(request, "billing/tariffs.html", context, status=status)


@require_POST
@role_required(*MANAGERS)
def delete_tariff(request: HttpRequest, public_id) -> HttpResponse:
    try:
        services.delete_tariff(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
    return redirect("billing-tariffs")


@require_POST
@role_required(*MANAGERS)
def build_statement(request: HttpRequest) -> HttpResponse:
    form = forms.StatementForm(request.POST)
    if not form.is_valid():
        report(request, readable.form_refusal(form))
        return redirect("accounting-home")
    data = form.cleaned_data
    try:
        statement = invoicing.build_statement(
            request.user, data["customer_id"].public_id, data["period_start"], data["period_end"]
        )
    except ServiceError as exc:
        report(request, exc)
        return redirect("accounting-home")
    return redirect("billing-statement", public_id=statement.public_id)


def statement(request: HttpRequest, public_id) -> HttpResponse:
    """A statement for accounting (send, resolve, invoice) or its customer (confirm, dispute)."""
    if not request.user.is_authenticated:
        return redirect("login")
    try:
        found = invoicing.get_statement(request.user, public_id)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "billing/statement.html",
        {
            "statement": found,
            "charges": found.charges.select_related("shipment"),
            "moves": invoicing.allowed_statement_moves(request.user, found),
            "may_manage": policies.may_manage(request.user),
            "invoice_form": forms.InvoiceFromStatementForm(),
            "dispute_form": forms.DisputeForm(),
        },
    )


@require_POST
def statement_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    form = forms.DisputeForm(request.POST) if action == "dispute" else None
    try:
        if form is not None and not form.is_valid():
            raise readable.form_refusal(form)
        data = form.cleaned_data if form is not None else {}
        invoicing.move_statement(
            request.user,
            public_id,
            action,
            charge_id=data.get("charge_id"),
            comment=data.get("comment", ""),
        )
    except ServiceError as exc:
        report(request, exc)
    return redirect("billing-statement", public_id=public_id)


@require_POST
@role_required(*MANAGERS)
def invoice_statement(request: HttpRequest, public_id) -> HttpResponse:
    form = forms.InvoiceFromStatementForm(request.POST)
    try:
        if not form.is_valid():
            raise readable.form_refusal(form)
        invoice = invoices.create_invoice(
            request.user,
            {
                "statement_id": public_id,
                "legal_entity_id": form.cleaned_data["legal_entity_id"].public_id,
            },
        )
    except ServiceError as exc:
        report(request, exc)
        return redirect("billing-statement", public_id=public_id)
    return redirect("billing-invoice", public_id=invoice.public_id)


def invoice(request: HttpRequest, public_id) -> HttpResponse:
    """An invoice with its lines and VAT per rate; accounting issues or cancels it."""
    if not request.user.is_authenticated:
        return redirect("login")
    try:
        found = invoices.get_invoice(request.user, public_id)
    except ServiceError as exc:
        raise Http404(exc.message) from exc
    lines = list(found.lines.all())
    totals = money.totals((line.amount, line.vat_rate) for line in lines)
    return render(
        request,
        "billing/invoice.html",
        {
            "invoice": found,
            "lines": lines,
            "totals": totals,
            "may_manage": policies.may_manage(request.user),
            "cancellable": found.status in invoices.CANCELLABLE,
            "cancel_form": forms.ReasonForm(),
        },
    )


@require_POST
@role_required(*MANAGERS)
def invoice_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    try:
        if action == "issue":
            invoices.issue_invoice(request.user, public_id, request.POST.get("provider_number", ""))
        elif action == "cancel":
            invoices.cancel_invoice(request.user, public_id, request.POST.get("reason", ""))
        else:
            raise Http404
    except ServiceError as exc:
        report(request, exc)
    return redirect("billing-invoice", public_id=public_id)


def invoice_pdf(request: HttpRequest, public_id) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    try:
        data, name = pdf.download(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
        return redirect("billing-invoice", public_id=public_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@role_required(*MANAGERS)
def export_invoices(request: HttpRequest) -> HttpResponse:
    """The accounting home's invoice list (its `i_` filters) as the e-invoice import XLSX."""
    data = {k[2:]: v for k, v in request.GET.items() if k.startswith("i_")}
    try:
        rows = filters.apply(filters.InvoiceFilter, data, invoices.visible_invoices(request.user))
    except ServiceError as exc:
        report(request, exc)
        return redirect("accounting-home")
    return exports.xlsx_response(exports.invoices_xlsx(rows.order_by(*filters.InvoiceFilter.ORDER)))


@page_access(policies.may_read_own_account)
def customer_billing(request: HttpRequest) -> HttpResponse:
    """The customer owner's balance, statements (to confirm or dispute) and invoices (PDF)."""
    context = {
        **_statements_and_invoices(request),
        "balance": reports.balance(request.user.customer),
    }
    return render(request, "billing/customer.html", context)

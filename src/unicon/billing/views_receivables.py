"""Receivables pages: the dashboard (aging, KPIs, SVG chart), payments (record, reverse),
statement of account (page, PDF, XLSX) for accounting and for the customer's owner."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.billing import (
    exports,
    filters,
    forms,
    payments,
    pdf,
    policies,
    receivables,
    reminders,
    reports,
)
from unicon.billing.views import MANAGERS, filtered_page
from unicon.core import readable
from unicon.core.display import grouped
from unicon.core.errors import ServiceError
from unicon.core.permissions import page_access, role_required
from unicon.web.common import report


@role_required(*MANAGERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """KPIs, aging as of a date (`as_of`), top debtors, receivables list (`r_` filters), and
    the form for an opening balance from before go-live (POST)."""
    opening = forms.OpeningBalanceForm(request.POST or None)
    if request.method == "POST":
        try:
            if not opening.is_valid():
                raise readable.form_refusal(opening)
            receivables.create_opening_balance(request.user, opening.service_data())
            return redirect("billing-receivables")
        except ServiceError as exc:
            report(request, exc, readable.form_labels(opening))
    form = forms.AsOfForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    board = reports.dashboard(request.user, as_of)
    rows, error = filtered_page(
        request, filters.ReceivableFilter, receivables.visible_receivables(request.user), "r_"
    )
    context = {
        "form": form,
        "board": board,
        "bars": reports.bucket_bars(board.aging_total),
        "buckets": reports.BUCKETS,
        "receivables": rows,
        "error": error,
        "opening": opening,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "billing/receivables.html", context, status=status)


@role_required(*MANAGERS)
def payment_list(request: HttpRequest) -> HttpResponse:
    """Payments (filters) and the form to record one (allocated oldest due first)."""
    form = forms.PaymentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                payment = payments.record_payment(
                    request.user, form.service_data(), form.cleaned_data["proofs"]
                )
                messages.success(request, _payment_recorded(payment))
                return redirect("billing-payments")
            except ServiceError as exc:
                report(request, exc, readable.form_labels(form))
        status = 400
    rows, error = filtered_page(
        request, filters.PaymentFilter, payments.visible_payments(request.user)
    )
    context = {"form": form, "page": rows, "error": error, "reason_form": forms.ReasonForm()}
    return render(request, "billing/payments.html", context, status=status)


@require_POST
@role_required(*MANAGERS)
def payment_reverse(request: HttpRequest, public_id) -> HttpResponse:
    try:
        payments.reverse_payment(request.user, public_id, request.POST.get("reason", ""))
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Payment reversed; the invoices it paid are unpaid again."))
    return redirect("billing-payments")


def _payment_recorded(payment) -> str:
    """The confirmation after recording `payment`: how much, from whom, and the credit left."""
    values = {
        "amount": grouped(payment.amount),
        "customer": payment.customer.name,
        "credit": grouped(payment.credit),
    }
    if payment.credit:
        return (
            _("Payment of %(amount)s đ from %(customer)s recorded; %(credit)s đ left as credit.")
            % values
        )
    return _("Payment of %(amount)s đ from %(customer)s recorded.") % values


def _account(request: HttpRequest, customer_id=None) -> HttpResponse:
    """Statement of account of a period (`start`, `end`; default this month); `?format=pdf` or
    `xlsx` downloads it. A customer's owner sees only its own company (URL without id)."""
    customer_id = customer_id or getattr(request.user.customer, "public_id", None)
    try:
        customer = reports.account_customer(request.user, customer_id)
    except ServiceError as exc:
        report(request, exc)
        return redirect("home")
    form = forms.PeriodForm(request.GET or None)
    start, end = reports.default_period()
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    statement = reports.statement_of_account(customer, start, end)
    context = {
        "customer": customer,
        "account": statement,
        "form": form,
        "today": timezone.localdate(),
    }
    kind = request.GET.get("format")
    name = f"doi-chieu-{customer.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if kind == "xlsx":
        return exports.xlsx_response(exports.account_xlsx(customer, statement), f"{name}.xlsx")
    if kind == "pdf":
        try:
            data = pdf.html_to_pdf("billing/account_pdf.html", context)
        except ServiceError as exc:
            report(request, exc)
            return redirect(request.path)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    context["may_manage"] = policies.may_manage(request.user)
    if context["may_manage"]:
        settings = reminders.settings_of(request.user, customer)
        context["reminder_form"] = forms.ReminderSettingsForm(
            initial={f: getattr(settings, f) for f in ("enabled", "days_before", "emails")}
        )
    return render(request, "billing/account.html", context)


#: A customer's statement of account, for billing readers (accounting, ops).
account = page_access(policies.may_read)(_account)
#: The customer owner's own statement of account (no id in the URL).
own_account = page_access(policies.may_read_own_account)(_account)


@require_POST
@role_required(*MANAGERS)
def reminder_settings(request: HttpRequest, customer_id) -> HttpResponse:
    """Save a customer's payment-reminder settings from the statement-of-account page."""
    form = forms.ReminderSettingsForm(request.POST)
    try:
        customer = reports.account_customer(request.user, customer_id)
        if not form.is_valid():
            raise readable.form_refusal(form)
        reminders.save_settings(request.user, customer, form.cleaned_data)
    except ServiceError as exc:
        report(request, exc, readable.form_labels(form))
    return redirect("billing-account", customer_id=customer_id)

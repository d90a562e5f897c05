"""The role router at `/` and each role's landing page (DOMAIN.md §1.2, ACCOUNTING fixed)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from unicon.core.errors import error_body
from unicon.core.permissions import role_required
from unicon.core.roles import CUSTOMER_ROLES, HOME_PAGE, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_PAGE[Role(request.user.role)])


def _landing(request: HttpRequest, title, intro) -> HttpResponse:
    return render(request, "core/landing.html", {"title": title, "intro": intro})


@role_required(Role.OPS, Role.DISPATCHER)
def ops_home(request: HttpRequest) -> HttpResponse:
    return _landing(request, _("Shipments"), _("Follow every shipment, its stops and papers."))


@role_required(Role.DISPATCHER)
def dispatcher_home(request: HttpRequest) -> HttpResponse:
    return _landing(request, _("Dispatch board"), _("Assign tractors, trailers and drivers."))


@role_required(Role.DRIVER)
def driver_home(request: HttpRequest) -> HttpResponse:
    return _landing(request, _("My trips"), _("Today's trips, in order."))


@role_required(*CUSTOMER_ROLES)
def customer_home(request: HttpRequest) -> HttpResponse:
    return _landing(request, _("My shipments"), _("Request and track your container moves."))


@role_required(Role.ACCOUNTING)
def accounting_home(request: HttpRequest) -> HttpResponse:
    return _landing(request, _("Receivables"), _("Charges, invoices and debts."))


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(error_body("NOT_FOUND", "No such API endpoint"), status=404)

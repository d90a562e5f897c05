"""Dispatcher pages: the day board, assign / re-assign / unassign, quick dispatch, driver order.

Every decision (conflicts, papers, maintenance, double-booking, versions) is made by
`unicon.dispatch.services`; the pages show its refusals as messages.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core import dates, readable
from unicon.core.errors import Conflict, ServiceError
from unicon.core.ids import as_uuid
from unicon.core.permissions import role_required
from unicon.dispatch import crew as dispatch_crew
from unicon.dispatch import handover as dispatch_handover
from unicon.dispatch import order as dispatch_order
from unicon.dispatch import policies as dispatch_policies
from unicon.dispatch import services as dispatch_services
from unicon.dispatch.models import MAX_INSTRUCTIONS
from unicon.fleet import services as fleet_services
from unicon.shipments import services as shipment_services
from unicon.shipments.forms import ShipmentEditor
from unicon.shipments.models import ShipmentType
from unicon.shipments.versions import read_version
from unicon.web.common import day_param, report


def _board_url(day) -> str:
    return reverse("dispatcher-home") + "?" + urlencode({"date": day.isoformat()})


def _problems(exc: ServiceError) -> list[str]:
    details = exc.details if isinstance(exc.details, dict) else {}
    return [str(p) for p in details.get("problems", [])]


def _crew_choices(user, *, shipment=None, day=None, selected: dict | None = None) -> dict:
    """The crew pickers: every available driver, tractor and trailer, then the first
    unavailable ones with why not (`dispatch.crew.crew_options`, the reasons of
    `dispatch.policies`) and the chosen ones; `hidden` counts the unavailable ones left out."""
    keep = frozenset(v for k, v in (selected or {}).items() if k.endswith("_id") and v)
    crew = dispatch_crew.crew_options(
        user,
        shipment=shipment,
        day=day,
        unavailable_limit=dispatch_crew.PICKER_UNAVAILABLE,
        keep=keep,
    )
    return {
        "drivers": crew.drivers,
        "tractors": crew.tractors,
        "trailers": crew.trailers,
        "hidden": crew.hidden,
        "max_instructions": MAX_INSTRUCTIONS,
    }


def _crew(request) -> dict:
    return {
        "driver_id": as_uuid(request.POST.get("driver_id")),
        "tractor_id": as_uuid(request.POST.get("tractor_id")),
        "trailer_id": as_uuid(request.POST.get("trailer_id")),
        "instructions": request.POST.get("instructions", ""),
    }


def _selected(crew: dict) -> dict:
    """The crew form's values to show again (ids as text, instructions as typed)."""
    selected = {k: str(v) if v else "" for k, v in crew.items()}
    selected["instructions"] = crew["instructions"]
    return selected


def _refused(request, exc: ServiceError) -> tuple[list[str], int]:
    """A refused assignment or hand-over: (its problems for the crew form, the page status);
    a refusal other than a conflict is also shown as a message."""
    if not isinstance(exc, Conflict):
        report(request, exc)
    return _problems(exc) or [readable.text(exc)], exc.status if exc.status < 500 else 400


def _shipment_or_refusal(request: HttpRequest, public_id):
    """The shipment as its detail shows it, or None with the refusal shown as a message."""
    try:
        return shipment_services.shipment_detail(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
        return None


@role_required(*dispatch_policies.DISPATCH_ROLES)
def assign(request: HttpRequest, public_id) -> HttpResponse:
    user = request.user
    shipment = _shipment_or_refusal(request, public_id)
    if shipment is None:
        return redirect("dispatcher-home")
    day = dates.business_day(shipment.planned_start)
    current = shipment.tasks.active().first()
    selected = {
        "driver_id": str(current.driver.public_id) if current else "",
        "tractor_id": str(current.tractor.public_id) if current else "",
        "trailer_id": str(current.trailer.public_id) if current and current.trailer else "",
        "instructions": current.instructions if current else "",
    }
    # the board sends the tractor row it chose (`?tractor_id=`): a request or a moved trip
    for key in ("driver_id", "tractor_id", "trailer_id"):
        if chosen := as_uuid(request.GET.get(key)):
            selected[key] = str(chosen)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        crew = _crew(request)
        selected = _selected(crew)
        try:
            task = dispatch_services.dispatch(
                user,
                shipment.public_id,
                **crew,
                version=read_version(request.POST.get("version")),  # the page was built from
            )
        except ServiceError as exc:
            problems, status = _refused(request, exc)
        else:
            messages.success(
                request,
                _("Shipment %(number)s assigned to %(driver)s (%(tractor)s).")
                % {"number": shipment.number, "driver": task.driver, "tractor": task.tractor},
            )
            return redirect(_board_url(day))
    context = {
        "shipment": shipment,
        "current": current,
        "selected": selected,
        "problems": problems,
        "day": day,
        **_crew_choices(user, shipment=shipment, selected=selected),
    }
    return render(request, "dispatch/assign.html", context, status=status)


@role_required(*dispatch_policies.DISPATCH_ROLES)
def handover(request: HttpRequest, public_id) -> HttpResponse:
    """Hand the remaining stops of a running trip to another crew, with a reason."""
    user = request.user
    shipment = _shipment_or_refusal(request, public_id)
    if shipment is None:
        return redirect("dispatcher-home")
    decision = shipment.allowed_actions["handOver"]
    if not decision:
        messages.error(request, decision.message)
        return redirect("ops-shipment", public_id=shipment.public_id)
    current = shipment.tasks.active().select_related("driver__user", "tractor").first()
    selected = {"driver_id": "", "tractor_id": "", "trailer_id": "", "instructions": ""}
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        crew = _crew(request)
        selected = _selected(crew)
        try:
            task = dispatch_handover.hand_over(
                user,
                shipment.public_id,
                **crew,
                reason=request.POST.get("reason", ""),
                version=read_version(request.POST.get("version")),
            )
        except ServiceError as exc:
            problems, status = _refused(request, exc)
        else:
            messages.success(
                request,
                _("The trip of %(number)s was handed over to %(driver)s (%(tractor)s).")
                % {"number": shipment.number, "driver": task.driver, "tractor": task.tractor},
            )
            return redirect("ops-shipment", public_id=shipment.public_id)
    context = {
        "shipment": shipment,
        "current": current,
        "selected": selected,
        "problems": problems,
        "reason": request.POST.get("reason", ""),
        "day": timezone.localdate(),
        "stops": list(shipment.stops.all()),
        **_crew_choices(user, shipment=shipment, selected=selected),
    }
    return render(request, "dispatch/handover.html", context, status=status)


@require_POST
@role_required(*dispatch_policies.DISPATCH_ROLES)
def unassign(request: HttpRequest, public_id) -> HttpResponse:
    try:
        shipment = dispatch_services.unassign(
            request.user,
            as_uuid(public_id),
            version=read_version(request.POST.get("version")),
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        report(request, exc)
        return redirect("dispatcher-home")
    messages.success(request, _("Shipment %(number)s unassigned.") % {"number": shipment.number})
    return redirect(_board_url(dates.business_day(shipment.planned_start)))


@require_POST
@role_required(*dispatch_policies.DISPATCH_ROLES)
def reorder(request: HttpRequest, driver_id) -> HttpResponse:
    """Move one of the driver's open tasks up or down (the service saves the whole order)."""
    day = day_param(request.POST.get("date"), request)
    try:
        dispatch_order.move_task(
            request.user, driver_id, request.POST.get("task"), request.POST.get("move", "")
        )
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Driver order saved."))
    return redirect(_board_url(day))


@role_required(*dispatch_policies.DISPATCH_ROLES)
def quick(request: HttpRequest) -> HttpResponse:
    """Create a shipment and assign it in one step (`dispatch.services.quick_dispatch`)."""
    user = request.user
    day = day_param(request.GET.get("date") or request.POST.get("date"), request)
    problems: list[str] = []
    selected: dict = {}
    status = 200
    if request.method == "POST":
        editor = ShipmentEditor(user, request.POST)
        crew = _crew(request)
        selected = {k: str(v) if v else "" for k, v in crew.items()}
        if editor.action != "save":
            editor.apply_edit_action()
        else:
            task = editor.submit(
                lambda data, _version: dispatch_services.quick_dispatch(user, data, **crew)
            )
            if task is not None:
                messages.success(
                    request,
                    _("Shipment %(number)s created and dispatched.")
                    % {"number": task.shipment.number},
                )
                return redirect(_board_url(day))
            if editor.refused is not None:
                report(request, editor.refused, on_form=True)
                problems = _problems(editor.refused)
            status = 400
    else:
        editor = ShipmentEditor(user, shipment_type=ShipmentType.EXPORT)
    context = {
        "editor": editor,
        "area": "ops",
        "quick": True,
        "day": day,
        "selected": selected,
        "problems": problems,
        **_crew_choices(user, day=day, selected=selected),
    }
    return render(request, "shipments/form.html", context, status=status)


@role_required(*dispatch_policies.DISPATCH_ROLES)
def check(request: HttpRequest, public_id) -> HttpResponse:
    """htmx: the problems the chosen crew would meet, before submitting
    (`dispatch.services.assignment_problems`, the same check `dispatch` makes)."""
    user = request.user
    problems: list[str] = []
    checked = False
    try:
        shipment = shipment_services.get_visible_shipment(user, public_id)
        driver_id = as_uuid(request.GET.get("driver_id"))
        tractor_id = as_uuid(request.GET.get("tractor_id"))
        trailer_id = as_uuid(request.GET.get("trailer_id"))
        if driver_id and tractor_id:
            resources = dispatch_services.Resources(
                driver=fleet_services.get_driver(user, driver_id),
                tractor=fleet_services.get_vehicle(user, tractor_id),
                trailer=fleet_services.get_vehicle(user, trailer_id) if trailer_id else None,
            )
            problems = dispatch_services.assignment_problems(
                shipment, resources, start=shipment.planned_start, end=shipment.planned_end
            )
            checked = True
    except ServiceError as exc:
        problems = [readable.text(exc)]
    return render(request, "dispatch/_check.html", {"problems": problems, "checked": checked})

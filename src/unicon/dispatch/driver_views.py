"""The driver's phone page: the day's trips in order, start, check-in/out, photos per stop;
the service worker and offline page of `/driver/`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from unicon.core import readable
from unicon.core.errors import ServiceError
from unicon.core.ids import parse_uuid
from unicon.core.permissions import role_required
from unicon.core.roles import Role
from unicon.dispatch import driver_day
from unicon.dispatch import policies as dispatch_policies
from unicon.dispatch import trips as dispatch_trips
from unicon.fleet import services as fleet_services
from unicon.pods import services as pod_services
from unicon.web.common import day_param, gps, report

#: Bump when the offline page or the worker changes (a new cache replaces the old one).
SW_VERSION = "2"


def _is_xhr(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@role_required(*dispatch_policies.DRIVER_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """The driver's day: a day picker, the trips still to drive, then the finished ones."""
    day = day_param(request.GET.get("date"), request)
    plan, notice, drivers = None, None, []
    chosen = request.GET.get("driver", "")
    if request.user.role == Role.ADMIN:  # ADMIN may look at (and act for) any driver
        drivers = fleet_services.list_drivers(request.user, limit=200).items
    try:
        plan = driver_day.driver_day(request.user, day, driver_id=parse_uuid(chosen, "driver"))
    except ServiceError as exc:  # e.g. an ADMIN who has not chosen a driver yet
        notice = readable.text(exc)
    context = {
        "plan": plan,
        "day": day,
        "picker": plan.picker if plan else driver_day.picker_days(),
        "notice": notice,
        "drivers": drivers,
        "chosen": chosen,
    }
    return render(request, "dispatch/driver/home.html", context)


def service_worker(request: HttpRequest) -> HttpResponse:
    """`/driver/sw.js`: the small service worker of the driver's pages (scope `/driver/`).
    It caches the offline page at install and shows it, saying what was not sent, when a
    page of the driver cannot reach the server. No login needed (it holds no data). Its cache
    is named by version and language (the page registers it with `?lang=`)."""
    response = render(
        request,
        "dispatch/driver/sw.js",
        {
            "offline_url": reverse("driver-offline"),
            "version": SW_VERSION,
            "language": translation.get_language(),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """`/driver/offline/`: the page the service worker shows without a network (no data)."""
    return render(request, "dispatch/driver/offline.html")


def _action(service, done_text, *, gps_fix: bool = True):
    """A driver's POST page: run `service(user, *ids, latitude, longitude)` (one dispatch
    service); its refusal or success becomes a message on the trips page."""

    @require_POST
    @role_required(*dispatch_policies.DRIVER_ROLES)
    def view(request: HttpRequest, **ids) -> HttpResponse:
        position = gps(request) if gps_fix else {}
        try:
            service(request.user, *ids.values(), **position)
        except ServiceError as exc:
            report(request, exc)
        else:
            messages.success(request, str(done_text))
        return redirect("driver-home")

    return view


start = _action(
    dispatch_trips.start_task, gettext_lazy("Trip started. Drive safely!"), gps_fix=False
)
check_in = _action(dispatch_trips.check_in, gettext_lazy("Checked in."))
check_out = _action(dispatch_trips.check_out, gettext_lazy("Checked out."))


@require_POST
@role_required(*dispatch_policies.DRIVER_ROLES)
def photo(request: HttpRequest, shipment_id, stop_id) -> HttpResponse:
    """One photo for a stop; the page sends it with XHR (progress bar) or as a plain form."""
    try:
        pod_services.upload_pod(
            request.user,
            shipment_id,
            request.FILES.get("file"),
            stop_id=stop_id,
            photo_type=request.POST.get("photo_type"),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        if _is_xhr(request):
            return HttpResponse(
                readable.text(exc), status=exc.status, content_type="text/plain; charset=utf-8"
            )
        report(request, exc)
        return redirect("driver-home")
    messages.success(request, _("Photo uploaded."))
    if _is_xhr(request):
        return HttpResponse(_("Photo uploaded."), content_type="text/plain")
    return redirect("driver-home")

"""The driver's trip sheet (issue 13 point 9): one trip's stops with planned and actual times,
instructions, contacts, container and booking — an A4 page to print, or a PDF."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from unicon.core.errors import Forbidden, NotFound
from unicon.core.ids import parse_uuid
from unicon.core.pdf import html_to_pdf
from unicon.core.policy import role
from unicon.dispatch import policies
from unicon.dispatch.models import DriverTask
from unicon.shipments.models import Stop


def trip_sheet(user, task_id) -> DriverTask:
    """The task with its shipment, customer, crew and stops (in order) when `user` may print
    it (`policies.may_print_trip_sheet`): office roles any trip, a driver their own. Another
    driver's trip or an unknown id → NotFound; a customer or accounting user → Forbidden.
    Two queries."""
    office, driver = role(user, policies.TRIP_SHEET_ROLES), role(user, policies.DRIVER_ROLES)
    if not office and not driver:
        raise Forbidden(office.message)
    task = (
        DriverTask.objects.select_related(
            "shipment__customer", "driver__user", "tractor", "trailer"
        )
        .prefetch_related(Prefetch("shipment__stops", queryset=Stop.objects.order_by("sequence")))
        .filter(public_id=parse_uuid(task_id, "taskId"))
        .first()
    )
    if task is None or not policies.may_print_trip_sheet(user, task):
        raise NotFound(_("Task not found."))
    return task


def trip_sheet_pdf(user, task_id) -> tuple[bytes, str]:
    """(PDF bytes, file name) of the trip sheet, in Vietnamese. Raises `PdfUnavailable`
    (503) without Pango."""
    task = trip_sheet(user, task_id)
    data = html_to_pdf("dispatch/trip_sheet.html", {"task": task, "pdf": True})
    return data, f"{task.shipment.number}-trip-sheet.pdf"

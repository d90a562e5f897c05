"""The trip sheet page (`/driver/tasks/<id>/sheet/`, `?format=pdf`) for the trip's driver,
dispatchers and ops."""

from django.http import HttpRequest, HttpResponse

from unicon.core.permissions import role_required
from unicon.dispatch import policies, trip_sheet
from unicon.web.printing import print_page


@role_required(*policies.TRIP_SHEET_ROLES, *policies.DRIVER_ROLES)
def sheet(request: HttpRequest, task_id) -> HttpResponse:
    """A4 trip sheet of one trip: stops, planned and actual times, instructions, contacts,
    container and booking (a driver: own trips only, another's is a 404)."""
    return print_page(
        request,
        "dispatch/trip_sheet.html",
        trip_sheet.trip_sheet,
        trip_sheet.trip_sheet_pdf,
        task_id,
        name="task",
    )

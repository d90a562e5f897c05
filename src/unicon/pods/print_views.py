"""The delivery note page (`/shipments/<id>/delivery-note/`, `?format=pdf`) with the POD
photos, for the owning customer, the trip's driver and the office."""

from django.http import HttpRequest, HttpResponse

from unicon.core.permissions import role_required
from unicon.pods import delivery_note, policies
from unicon.web.printing import print_page


@role_required(*policies.DELIVERY_NOTE_ROLES)
def note(request: HttpRequest, public_id) -> HttpResponse:
    """A4 delivery note: the shipment, each stop's check-in/out times and its photos."""
    return print_page(
        request,
        "pods/delivery_note.html",
        delivery_note.delivery_note,
        delivery_note.delivery_note_pdf,
        public_id,
        name="note",
    )

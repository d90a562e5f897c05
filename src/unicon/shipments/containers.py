"""One physical container cannot be on two trucks at once: the clash check used when a
shipment is created, edited or dispatched."""

from django.utils.translation import gettext as _

from unicon.core import display
from unicon.core.errors import Conflict
from unicon.shipments.models import OperationStatus

CONTAINER_CLASH = "CONTAINER_ON_ANOTHER_SHIPMENT"
_FINISHED = (OperationStatus.DELIVERED, OperationStatus.CANCELLED)


def ensure_container_free(
    user, container_number: str, start, end, *, exclude_pk=None, confirmed: bool = False
) -> None:
    """Refuse (409 `CONFLICT`, `details.reason` = `CONTAINER_ON_ANOTHER_SHIPMENT`) a container
    that is on another active shipment whose planned window overlaps [start, end), unless the
    caller `confirmed` it (body field `confirmContainer: true`, named in
    `details.confirmWith`; the page's "save anyway" box); `details.otherShipment` names the
    other one. One physical container cannot be on two trucks at once. Only
    shipments `user` may see are compared (a customer user never learns of another
    company's; the office sees the clash when it reviews or dispatches the request)."""
    if not container_number or confirmed:
        return
    from unicon.shipments.services import visible_shipments  # services imports this module

    other = (
        visible_shipments(user)
        .filter(container_number=container_number, planned_start__lt=end, planned_end__gt=start)
        .exclude(operation_status__in=_FINISHED)
        .exclude(pk=exclude_pk)
        .order_by("planned_start", "id")
        .first()
    )
    if other is None:
        return
    raise Conflict(
        _(
            "Container %(container)s is already on shipment %(number)s (%(start)s – %(end)s). "
            "Confirm it if that is right."
        )
        % {
            "container": container_number,
            "number": other.number,
            "start": display.vndatetime(other.planned_start),
            "end": display.vndatetime(other.planned_end),
        },
        {
            "reason": CONTAINER_CLASH,
            "otherShipment": {"id": str(other.public_id), "number": other.number},
            "confirmWith": "confirmContainer",
        },
    )

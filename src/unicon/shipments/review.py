"""The ops review of customers' requests (issue 13): a customer's submitted (PENDING) request
waits for ops; accepted, it enters the dispatch queue; sent back, it returns to DRAFT for the
customer to correct and submit again; rejected, it is CANCELLED. The reason of a send-back
or rejection is kept on the shipment (`review_note`) and in its history, where the customer
reads it. The history lines carry `data.review` (the decision) for the notifications app.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unicon.core import audit
from unicon.core.errors import ValidationFailed
from unicon.shipments import policies
from unicon.shipments.models import EventKind, OperationStatus, ReviewStatus, Shipment
from unicon.shipments.services import _apply_status, _lock_visible, append_event

S = OperationStatus
R = ReviewStatus

#: The operation status each decision leads to (None: the status stays PENDING).
_TARGET = {R.ACCEPTED: None, R.RETURNED: S.DRAFT, R.REJECTED: S.CANCELLED}
MAX_REASON = 2000


def review_request(user, public_id, decision: str, reason: str = "") -> Shipment:
    """`POST /api/shipments/{id}/review`: accept, send back or reject a customer's request.

    `decision` is "accept", "return" or "reject"; `reason` (≤ 2000 characters) is required
    for "return" and "reject" and shown to the customer. In one transaction: lock the row,
    `policies.may_review` (403 for other roles, 409 unless PENDING and awaiting review), set
    `review_status`/`review_note`, move the status (RETURNED → DRAFT, REJECTED → CANCELLED,
    with the reason as the history note) or append a NOTE for an acceptance; every history
    line has `data.review`. Errors: NotFound (not visible), ValidationFailed (unknown
    decision, missing or too long reason), Forbidden, Conflict.
    """
    outcome = policies.REVIEW_DECISIONS.get(str(decision or "").strip().lower())
    if outcome is None:
        raise ValidationFailed(
            _("Choose accept, return or reject."),
            {"decision": [_("Unknown decision.")]},
        )
    reason = (reason or "").strip()
    if outcome in policies.REASON_REQUIRED and not reason:
        raise ValidationFailed(
            _("Give the customer a reason."), {"reason": [_("This field is required.")]}
        )
    if len(reason) > MAX_REASON:
        raise ValidationFailed(
            _("The reason is too long."),
            {"reason": [_("At most %(n)s characters.") % {"n": MAX_REASON}]},
        )
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        policies.may_review(user, shipment).enforce()
        shipment.review_status = outcome
        shipment.review_note = reason
        target = _TARGET[outcome]
        if target is None:
            shipment.version += 1
            with audit.labelled("shipment.review"):
                shipment.save()
            append_event(
                shipment,
                EventKind.NOTE,
                actor=user,
                note=reason or gettext_noop("Request accepted; waiting for dispatch."),
                data={"review": outcome},
            )
        else:
            _apply_status(shipment, target, user, reason, None, data={"review": outcome})
    return shipment

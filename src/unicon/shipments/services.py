"""Every rule about shipments, stops, stop templates, numbers and the status machine.

Public functions used by other apps (dispatch, PODs, billing) — keep their signatures:

* `record_status(shipment, target, *, actor, note="", position=None)` — move the operation
  status (row lock, legality check, actual_start/actual_end stamps, version bump, event).
* `append_event(shipment, kind, *, actor, note="", data=None, position=None)` — add a history line.
* `get_visible_shipment(user, public_id)` / `visible_shipments(user)` — customer/driver isolation.
* `policies.register_action(name, rule)` — let another app add an entry to a shipment's
  `allowedActions` (list filters: `shipments.filters.register_list_filter`).
* `status_changed` — a signal sent inside the transaction after every operation-status move.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unicon.core import audit
from unicon.core.errors import Conflict, NotFound, ValidationFailed
from unicon.core.filtering import apply as apply_filters
from unicon.core.geo import position_pair
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.roles import Role, is_customer
from unicon.shipments import containers, detail, lifecycle, notes, policies
from unicon.shipments.filters import ShipmentFilter
from unicon.shipments.models import (
    DocumentStatus,
    EventKind,
    OperationStatus,
    ReviewStatus,
    Shipment,
    ShipmentEvent,
    Stop,
)
from unicon.shipments.numbering import next_shipment_number
from unicon.shipments.policies import TRANSITIONS
from unicon.shipments.stops import build_stops, customer_for_create, shipment_fields
from unicon.shipments.versions import read_version

S = OperationStatus
D = DocumentStatus

#: Audit label of each operation-status target.
_STATUS_LABEL = {
    S.PENDING: "shipment.submit",
    S.DISPATCHED: "shipment.dispatch",
    S.IN_TRANSIT: "shipment.start",
    S.DELIVERED: "shipment.deliver",
    S.CANCELLED: "shipment.cancel",
}

#: Sent inside the status transaction: sender=Shipment, shipment, from_status, to_status, actor.
status_changed = Signal()

# --------------------------------------------------------------------------- visibility


def _driver_rule(user) -> Q:
    """Shipments a DRIVER user has (or had) a task on; none until dispatch defines tasks."""
    try:
        Shipment._meta.get_field("tasks")
    except FieldDoesNotExist:  # the dispatch app is not installed
        return Q(pk__in=[])
    return Q(pk__in=Shipment.objects.filter(tasks__driver__user=user).values("pk"))


def visible_shipments(user, base: QuerySet | None = None) -> QuerySet[Shipment]:
    """Shipments `user` may see: customers only their company's, drivers only their own tasks'.
    `base`: a shipment QuerySet to narrow instead of all shipments (e.g. list rows)."""
    shipments = (Shipment.objects if base is None else base).all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return shipments.none()
    if is_customer(user):
        if not user.customer_id:
            return shipments.none()
        return shipments.filter(customer_id=user.customer_id)
    if user.role == Role.DRIVER:
        return shipments.filter(_driver_rule(user))
    return shipments


def get_visible_shipment(user, public_id) -> Shipment:
    """The shipment with this public id if `user` may see it, else `NotFound` (never 403)."""
    shipment = visible_shipments(user).select_related("customer").filter(public_id=public_id)
    found = shipment.first()
    if found is None:
        raise NotFound(_("No such shipment."))
    return found


def _lock_visible(user, public_id) -> Shipment:
    found = visible_shipments(user).select_for_update().filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("No such shipment."))
    return found


# --------------------------------------------------------------------------- events & status


def append_event(
    shipment: Shipment,
    kind: str,
    *,
    actor,
    note: str = "",
    data: dict | None = None,
    position=None,
    from_status: str = "",
    to_status: str = "",
    stop: Stop | None = None,
    occurred_at: datetime | None = None,
) -> ShipmentEvent:
    """Append one line to the shipment's history (call inside the caller's transaction).

    `kind` is an `EventKind`; `actor` a user or None for the system; `position` None,
    (latitude, longitude) or {"latitude", "longitude"}; `data` any JSON-able dict;
    `occurred_at` when the action happened, if earlier than now (checked by the caller).
    Inside `core.audit.batched()` the line is inserted at the block's end, with the audit
    entries.
    """
    lat, lng = position_pair(position)
    note, data = notes.stored(note, data)  # a system note: its message id and parameters
    event = ShipmentEvent(
        shipment=shipment,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
        stop=stop,
        latitude=lat,
        longitude=lng,
        data=data,
        occurred_at=occurred_at,
    )
    return audit.insert(event)


def _apply_status(
    shipment: Shipment, target: str, actor, note: str, position, *, data: dict | None = None
) -> ShipmentEvent:
    """Move a shipment already locked in this transaction; no role check. `data` goes on the
    history line (e.g. the review decision)."""
    current = shipment.operation_status
    if target not in TRANSITIONS.get(current, ()):
        policies.illegal_move(current, target, TRANSITIONS).enforce()
    shipment.operation_status = target
    stamps = lifecycle.move_stamps(target, timezone.now(), note, actual_start=shipment.actual_start)
    for name, value in stamps.items():
        setattr(shipment, name, value)
    shipment.version += 1
    with audit.labelled(_STATUS_LABEL.get(target, "shipment.status")):
        shipment.save()
    event = append_event(
        shipment,
        EventKind.OPERATION_STATUS,
        actor=actor,
        note=note,
        position=position,
        from_status=current,
        to_status=target,
        data=data,
    )
    status_changed.send(
        sender=Shipment, shipment=shipment, from_status=current, to_status=target, actor=actor
    )
    return event


def record_status(
    shipment: Shipment,
    target: str,
    *,
    actor,
    note: str = "",
    position=None,
    locked: bool = False,
) -> ShipmentEvent:
    """Move the operation status of `shipment` to `target` (internal; NO role check).

    In one transaction: lock the row (select_for_update), refuse an illegal move with
    `Conflict` (details: from, to, allowed), stamp `actual_start` on IN_TRANSIT and
    `actual_end` on DELIVERED, bump `version`, append an OPERATION_STATUS event and send
    `status_changed`. The passed instance is updated in place. For "quick dispatch" from
    DRAFT call it twice (PENDING, then DISPATCHED). `locked=True`: the caller loaded
    `shipment` with `select_for_update` in the running transaction and has not changed it
    since, so it is moved as it is (no second read; its audit "before" comes from it).
    """
    if locked:
        with transaction.atomic():
            audit.remember(shipment)
            return _apply_status(shipment, target, actor, note, position)
    with transaction.atomic():
        locked_row = Shipment.objects.select_for_update().get(pk=shipment.pk)
        event = _apply_status(locked_row, target, actor, note, position)
    for field in ("operation_status", "actual_start", "actual_end", "version", "cancelled_reason"):
        setattr(shipment, field, getattr(locked_row, field))
    shipment.updated_at = locked_row.updated_at
    return event


def change_status(
    user,
    public_id,
    *,
    operation_status: str | None = None,
    document_status: str | None = None,
    note: str = "",
) -> Shipment:
    """`PATCH /api/shipments/{id}/status`: user-initiated status moves with role and ownership.

    Order of checks: not visible → 404; unknown value → 400; a move made by dispatch/driver
    check-in or not in the machine → 409 naming the allowed moves; role → 403. Returns the
    moved shipment as `shipment_detail` does, from the locked row (no second read).
    """
    if not operation_status and not document_status:
        raise ValidationFailed(
            _("Give operationStatus or documentStatus."),
            {"operationStatus": ["required"], "documentStatus": ["required"]},
        )
    if operation_status and operation_status not in S.values:
        raise ValidationFailed(_("Unknown operation status."), {"operationStatus": ["invalid"]})
    if document_status and document_status not in D.values:
        raise ValidationFailed(_("Unknown document status."), {"documentStatus": ["invalid"]})
    note = (note or "").strip()
    with transaction.atomic(), audit.batched():
        shipment = _lock_for_detail(user, public_id)
        audit.remember(shipment)  # locked above: its "before" needs no second read
        if operation_status:
            policies.may_move(user, shipment, operation_status).enforce()
            if operation_status == S.PENDING:
                _check_ready_to_submit(shipment)
                if is_customer(user):  # a customer's request waits for the ops review
                    shipment.review_status, shipment.review_note = ReviewStatus.AWAITING, ""
            _apply_status(shipment, operation_status, user, note, None)
        if document_status:
            _user_document_move(user, shipment, document_status, note)
    return _with_permissions(user, shipment)


def _check_ready_to_submit(shipment: Shipment) -> None:
    if not shipment.stops.all():
        raise ValidationFailed(_("A shipment needs at least one stop."), {"stops": ["required"]})


def _user_document_move(user, shipment: Shipment, target: str, note: str) -> None:
    current = shipment.document_status
    policies.may_move_documents(user, shipment, target).enforce()
    shipment.document_status = target
    shipment.version += 1
    with audit.labelled("shipment.documents"):
        shipment.save()
    append_event(
        shipment,
        EventKind.DOCUMENT_STATUS,
        actor=user,
        note=note,
        from_status=current,
        to_status=target,
    )


# --------------------------------------------------------------------------- create / update


def create_shipment(user, data: dict) -> Shipment:
    """Create a DRAFT shipment with its stops (`POST /api/shipments`).

    `data` keys (snake_case): customer_id (public id; ignored for customer users),
    shipment_type (template code), priority, planned_start, planned_end, container_number,
    container_type, booking_number, bill_of_lading, special_instructions, confirm_container
    (see `ensure_container_free`), stops (list of
    dicts: sequence, location_id, location_name, address, contact_person, contact_phone,
    planned_arrival, planned_departure, category, stop_type, label, instructions,
    required_photos — the last honoured for internal users only).
    """
    policies.may_create(user).enforce()
    customer = customer_for_create(user, data.get("customer_id"))
    errors: dict = {}
    fields = shipment_fields(data, errors)
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    stops = build_stops(
        user,
        customer,
        fields["shipment_type"],
        data.get("stops"),
        fields["planned_start"],
        fields["planned_end"],
    )
    containers.ensure_container_free(
        user,
        fields["container_number"],
        fields["planned_start"],
        fields["planned_end"],
        confirmed=bool(data.get("confirm_container")),
    )
    with transaction.atomic(), audit.labelled("shipment.create"):
        shipment = Shipment(
            number=next_shipment_number(),
            customer=customer,
            created_by=user,
            created_by_customer=is_customer(user),
            **fields,
        )
        shipment.save()
        for stop in stops:
            stop.shipment = shipment
            stop.save()
        append_event(
            shipment,
            EventKind.OPERATION_STATUS,
            actor=user,
            note=gettext_noop("Shipment created."),
            to_status=shipment.operation_status,
        )
    return shipment


def update_shipment(user, public_id, data: dict, version=None) -> Shipment:
    """Replace a shipment's fields and stops (`PUT /api/shipments/{id}`).

    OPS/ADMIN while DRAFT or PENDING; the owning customer while DRAFT. `version` (from
    `If-Match` or the body) must equal the stored one, otherwise `Conflict`. Stops are
    replaced as a whole (template merge as on create). The customer cannot be changed.
    """
    expected = read_version(version)
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        policies.may_edit(user, shipment).enforce()
        if shipment.version != expected:
            raise Conflict(
                _("Someone else changed this shipment; reload it and try again."),
                {"version": shipment.version},
            )
        errors: dict = {}
        fields = shipment_fields(data, errors)
        if errors:
            raise ValidationFailed(_("Please correct the highlighted fields."), errors)
        stops = build_stops(
            user,
            shipment.customer,
            fields["shipment_type"],
            data.get("stops"),
            fields["planned_start"],
            fields["planned_end"],
        )
        containers.ensure_container_free(
            user,
            fields["container_number"],
            fields["planned_start"],
            fields["planned_end"],
            exclude_pk=shipment.pk,
            confirmed=bool(data.get("confirm_container")),
        )
        changed = sorted(k for k, v in fields.items() if getattr(shipment, k) != v)
        with audit.labelled("shipment.update") as written:
            for key, value in fields.items():
                setattr(shipment, key, value)
            shipment.version += 1
            shipment.save()
            shipment.stops.all().delete()
            for stop in stops:
                stop.shipment = shipment
                stop.save()
        append_event(
            shipment,
            EventKind.EDIT,
            actor=user,
            note=gettext_noop("Shipment edited."),
            data={"fields": changed, "stops": len(stops), "audit": [e.pk for e in written]},
        )
    return get_visible_shipment(user, public_id)


LIST_ORDERING = ["-planned_start", "-id"]


def list_shipments(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Visible shipments, newest planned start first, keyset-paginated.

    `filters` are the query parameters of `shipments.filters.ShipmentFilter` (a QueryDict
    or dict; the same for the API and the pages); `fixed` are filters a page imposes
    (e.g. `status="DELIVERED"` on the accounting page). An invalid value raises
    `ValidationFailed` with details {parameter: [reason]}.
    """
    shipments = apply_filters(ShipmentFilter, filters, visible_shipments(user), **fixed)
    return keyset_page(shipments.select_related("customer"), LIST_ORDERING, limit, cursor)


def list_shipment_rows(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None
) -> Page:
    """`list_shipments` for the API: the same rows and cursor, as dicts of the list row's
    columns (`shipments.detail.LIST_FIELDS`, customer nested), read without model instances."""
    visible = visible_shipments(user, detail.list_row_base())
    page = keyset_page(
        apply_filters(ShipmentFilter, filters, visible), LIST_ORDERING, limit, cursor
    )
    page.items = [detail.nest_customer(row) for row in page.items]
    return page


def status_counts(user) -> dict[str, int]:
    """{operation status: number of the shipments `user` may see} (the portal's summary)."""
    return dict(visible_shipments(user).values_list("operation_status").annotate(n=Count("id")))


def _lock_for_detail(user, public_id) -> Shipment:
    found = detail.lock_with_stops(visible_shipments(user), public_id)
    if found is None:
        raise NotFound(_("No such shipment."))
    return found


def _with_permissions(user, found: Shipment) -> Shipment:
    """`found` with its `policies.permissions` as attributes."""
    for name, value in policies.permissions(user, found).items():
        setattr(found, name, value)
    return found


def shipment_detail(user, public_id) -> Shipment:
    """One visible shipment with its customer and stops loaded, plus what `user` may do
    with it now: `allowed_moves`, `allowed_document_moves`, `editable`, `allowed_actions`
    ({action name: policy Decision}) and `documents_confirmed_at` (None until the customer
    confirmed the documents). One query (its stops joined to it); `NotFound` if not
    visible."""
    found = detail.load_with_stops(visible_shipments(user), public_id)
    if found is None:
        raise NotFound(_("No such shipment."))
    return _with_permissions(user, found)


def shipment_detail_body(user, public_id) -> dict[str, Any]:
    """`shipment_detail` as a dict of rows for `GET /api/shipments/{id}` (the same body; no
    model instances but the shipment's own, which the policies read). One statement, compiled
    once for staff; `NotFound` if not visible."""
    rows = detail.detail_rows(visible_shipments(user), public_id)
    if not rows:
        raise NotFound(_("No such shipment."))
    shipment, body = detail.detail_body(rows)
    body.update(policies.permissions(user, shipment))
    return body


def list_events(user, public_id, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page:
    shipment = get_visible_shipment(user, public_id)
    events = ShipmentEvent.objects.filter(shipment=shipment).select_related("actor", "stop")
    return keyset_page(events, ["created_at", "id"], limit, cursor)

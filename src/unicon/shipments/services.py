"""Every rule about shipments, stops, stop templates, numbers and the status machine.

Public functions used by other apps (dispatch, PODs, billing) — keep their signatures:

* `record_status(shipment, target, *, actor, note="", position=None)` — move the operation
  status (row lock, legality check, actual_start/actual_end stamps, version bump, event).
* `append_event(shipment, kind, *, actor, note="", data=None, position=None)` — add a history line.
* `get_visible_shipment(user, public_id)` / `visible_shipments(user)` — customer/driver isolation.
* `register_list_filter(name, fn)` — let another app add a filter (`vehicle`, `driver`) to the
  shipment list.
* `status_changed` — a signal sent inside the transaction after every operation-status move.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.core.policy import Decision
from unicon.core.roles import Role, is_customer
from unicon.customers.models import Customer, CustomerStatus, Location
from unicon.shipments import policies
from unicon.shipments.models import (
    MAX_INSTRUCTIONS,
    MAX_STOPS,
    ContainerType,
    CustomerStopTemplateOverride,
    DocumentStatus,
    EventKind,
    FinancialStatus,
    NumberSequence,
    OperationStatus,
    PhotoType,
    Priority,
    Shipment,
    ShipmentEvent,
    Stop,
    StopCategory,
    StopTemplate,
    StopTemplateStop,
    StopType,
)
from unicon.shipments.policies import TRANSITIONS
from unicon.shipments.validators import is_valid_container_number, normalise_container_number

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


def visible_shipments(user) -> QuerySet[Shipment]:
    """Shipments `user` may see: customers only their company's, drivers only their own tasks'."""
    shipments = Shipment.objects.all()
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


# --------------------------------------------------------------------------- numbers


def next_number(prefix: str, at: datetime | None = None) -> str:
    """`<prefix>-YYYY-NNNN` from a per-year database counter (year in Asia/Ho_Chi_Minh).

    Must run inside the creating transaction: the counter row is locked with
    `select_for_update` until commit, so two creators can never get the same number.
    NNNN widens past 9999 (…-9999, …-10000).
    """
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    year = timezone.localtime(moment).year
    name = f"{prefix}-{year}"
    with transaction.atomic():
        NumberSequence.objects.get_or_create(name=name)
        counter = NumberSequence.objects.select_for_update().get(name=name)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
    return f"{name}-{counter.last_value:04d}"


def next_shipment_number(at: datetime | None = None) -> str:
    return next_number("SHP", at)


# --------------------------------------------------------------------------- events & status


def _position(position) -> tuple[Decimal | None, Decimal | None]:
    """`position` is None, a (latitude, longitude) pair or a dict with those keys."""
    if position is None:
        return None, None
    if isinstance(position, dict):
        lat, lng = position.get("latitude"), position.get("longitude")
    else:
        lat, lng = position
    if lat is None or lng is None:
        return None, None
    lat, lng = (
        Decimal(str(lat)).quantize(Decimal("0.000001")),
        Decimal(str(lng)).quantize(Decimal("0.000001")),
    )
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationFailed(_("Invalid GPS position."), {"position": ["out of range"]})
    return lat, lng


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
) -> ShipmentEvent:
    """Append one line to the shipment's history (call inside the caller's transaction).

    `kind` is an `EventKind`; `actor` a user or None for the system; `position` None,
    (latitude, longitude) or {"latitude", "longitude"}; `data` any JSON-able dict.
    """
    lat, lng = _position(position)
    return ShipmentEvent.objects.create(
        shipment=shipment,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note or "",
        actor=actor if getattr(actor, "pk", None) else None,
        stop=stop,
        latitude=lat,
        longitude=lng,
        data=data or {},
    )


def _apply_status(shipment: Shipment, target: str, actor, note: str, position) -> ShipmentEvent:
    """Move a shipment already locked in this transaction; no role check."""
    current = shipment.operation_status
    if target not in TRANSITIONS.get(current, ()):
        policies.illegal_move(current, target, TRANSITIONS).enforce()
    now = timezone.now()
    shipment.operation_status = target
    if target == S.IN_TRANSIT and shipment.actual_start is None:
        shipment.actual_start = now
    if target == S.DELIVERED:
        shipment.actual_end = now
    if target == S.CANCELLED and note:
        shipment.cancelled_reason = note
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
    )
    status_changed.send(
        sender=Shipment, shipment=shipment, from_status=current, to_status=target, actor=actor
    )
    return event


def record_status(
    shipment: Shipment, target: str, *, actor, note: str = "", position=None
) -> ShipmentEvent:
    """Move the operation status of `shipment` to `target` (internal; NO role check).

    In one transaction: lock the row (select_for_update), refuse an illegal move with
    `Conflict` (details: from, to, allowed), stamp `actual_start` on IN_TRANSIT and
    `actual_end` on DELIVERED, bump `version`, append an OPERATION_STATUS event and send
    `status_changed`. The passed instance is updated in place. For "quick dispatch" from
    DRAFT call it twice (PENDING, then DISPATCHED).
    """
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        event = _apply_status(locked, target, actor, note, position)
    for field in ("operation_status", "actual_start", "actual_end", "version", "cancelled_reason"):
        setattr(shipment, field, getattr(locked, field))
    shipment.updated_at = locked.updated_at
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
    check-in or not in the machine → 409 naming the allowed moves; role → 403.
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
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        if operation_status:
            policies.may_move(user, shipment, operation_status).enforce()
            if operation_status == S.PENDING:
                _check_ready_to_submit(shipment)
            _apply_status(shipment, operation_status, user, note, None)
        if document_status:
            _user_document_move(user, shipment, document_status, note)
    return get_visible_shipment(user, public_id)


def _check_ready_to_submit(shipment: Shipment) -> None:
    if not shipment.stops.exists():
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


@dataclass
class _StopSpec:
    sequence: int
    category: str
    stop_type: str
    label: str
    required_photos: list[str]


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _template_specs(code: str, customer: Customer) -> list[_StopSpec]:
    """The template's stops with the customer's required-photo overrides applied."""
    template = StopTemplate.objects.filter(code=code, is_active=True).first()
    if template is None:
        raise ValidationFailed(_("Unknown shipment type."), {"type": ["unknown"]})
    overrides = {
        o.template_stop_id: o.required_photos
        for o in CustomerStopTemplateOverride.objects.filter(
            customer=customer, template_stop__template=template
        )
    }
    return [
        _StopSpec(
            s.sequence,
            s.category,
            s.stop_type,
            s.label,
            list(overrides.get(s.pk, s.required_photos)),
        )
        for s in template.stops.all()
    ]


def _check_photos(photos: Any, key: str, errors: dict) -> list[str]:
    if not isinstance(photos, list) or any(p not in PhotoType.values for p in photos):
        errors[key] = [_("Unknown photo type; allowed: %s.") % ", ".join(PhotoType.values)]
        return []
    return list(dict.fromkeys(photos))


def _build_stops(
    user, customer: Customer, shipment_type: str, stops: list[dict] | None, start, end
) -> list[Stop]:
    """Merge the template of `shipment_type` with the supplied stops; validate; unsaved Stops."""
    errors: dict[str, list] = {}
    specs = (
        {s.sequence: s for s in _template_specs(shipment_type, customer)} if shipment_type else {}
    )
    if len(stops or []) > MAX_STOPS:
        raise ValidationFailed(
            _("A shipment has at most %(n)s stops.") % {"n": MAX_STOPS},
            {"stops": [_("At most %(n)s stops.") % {"n": MAX_STOPS}]},
        )
    supplied: dict[int, dict] = {}
    for index, raw in enumerate(stops or []):
        sequence = raw.get("sequence") or index + 1
        if sequence in supplied:
            errors[f"stops[{index}].sequence"] = [_("Duplicate stop sequence.")]
        supplied[sequence] = {**raw, "_index": index}
    sequences = sorted(set(specs) | set(supplied))
    if not sequences:
        raise ValidationFailed(
            _("A shipment needs at least one stop (or a shipment type)."), {"stops": ["required"]}
        )
    if sequences != list(range(1, len(sequences) + 1)):
        errors["stops"] = [_("Stop sequences must be 1, 2, 3, … without gaps.")]
    locations = _locations(user, customer, [s.get("location_id") for s in supplied.values()])
    internal = not is_customer(user)
    result = []
    for sequence in sequences:
        spec = specs.get(sequence)
        raw = supplied.get(sequence, {})
        key = f"stops[{raw.get('_index', sequence - 1)}]"
        stop_type = raw.get("stop_type") or (spec.stop_type if spec else None)
        if stop_type not in StopType.values:
            errors[f"{key}.stopType"] = [_("Choose the stop type.")]
        category = raw.get("category") or (spec.category if spec else StopCategory.OTHER)
        if category not in StopCategory.values:
            errors[f"{key}.category"] = [_("Unknown stop category.")]
        photos = spec.required_photos if spec else []
        if internal and raw.get("required_photos") is not None:
            photos = _check_photos(raw["required_photos"], f"{key}.requiredPhotos", errors)
        location = None
        if raw.get("location_id"):
            location = locations.get(str(raw["location_id"]))
            if location is None:
                errors[f"{key}.locationId"] = [_("No such location in your address book.")]
        name = (raw.get("location_name") or "").strip() or (location.name if location else "")
        if not name:
            errors[f"{key}.locationName"] = [_("Choose a location or type its name.")]
        arrival = _aware(raw.get("planned_arrival")) or start
        departure = _aware(raw.get("planned_departure")) or max(end, arrival)
        if departure < arrival:
            errors[f"{key}.plannedDeparture"] = [_("Departure must not be before arrival.")]
        _check_length(raw.get("instructions"), f"{key}.instructions", errors)
        result.append(
            Stop(
                sequence=sequence,
                category=category,
                stop_type=stop_type or "",
                label=(raw.get("label") or (spec.label if spec else "")).strip(),
                location=location,
                location_name=name[:255],
                address=(raw.get("address") or (location.address if location else "")).strip(),
                contact_person=(
                    raw.get("contact_person") or (location.contact_person if location else "")
                ).strip(),
                contact_phone=(
                    raw.get("contact_phone") or (location.contact_phone if location else "")
                ).strip(),
                planned_arrival=arrival,
                planned_departure=departure,
                required_photos=photos,
                instructions=(raw.get("instructions") or "").strip(),
            )
        )
    if errors:
        raise ValidationFailed(_("Some stops are invalid."), errors)
    return result


def _locations(user, customer: Customer, ids: Iterable) -> dict[str, Location]:
    """Active locations among `ids` that are shared or in `customer`'s own address book."""
    wanted = [str(i) for i in ids if i]
    if not wanted:
        return {}
    rows = Location.objects.filter(public_id__in=wanted, is_active=True).filter(
        Q(customer__isnull=True) | Q(customer=customer)
    )
    return {str(row.public_id): row for row in rows}


def _check_length(value, key: str, errors: dict, limit: int = MAX_INSTRUCTIONS) -> None:
    if value and len(value.strip()) > limit:
        errors[key] = [_("At most %(n)s characters.") % {"n": limit}]


def _shipment_fields(data: dict, errors: dict) -> dict:
    """Validate and normalise the scalar fields common to create and update."""
    start, end = _aware(data.get("planned_start")), _aware(data.get("planned_end"))
    if start is None:
        errors["plannedStart"] = [_("Required.")]
    if end is None:
        errors["plannedEnd"] = [_("Required.")]
    if start and end and end <= start:
        errors["plannedEnd"] = [_("The planned end must be after the planned start.")]
    container = normalise_container_number(data.get("container_number") or "")
    if container and not is_valid_container_number(container):
        errors["containerNumber"] = [_("Not a valid ISO 6346 container number (e.g. MSKU1234565).")]
    _check_length(data.get("special_instructions"), "specialInstructions", errors)
    container_type = data.get("container_type") or ""
    if container_type and container_type not in ContainerType.values:
        errors["containerType"] = [_("Unknown container type.")]
    priority = data.get("priority") or Priority.NORMAL
    if priority not in Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    return {
        "planned_start": start,
        "planned_end": end,
        "priority": priority,
        "container_number": container,
        "container_type": container_type,
        "booking_number": (data.get("booking_number") or "").strip().upper(),
        "bill_of_lading": (data.get("bill_of_lading") or "").strip().upper(),
        "special_instructions": (data.get("special_instructions") or "").strip(),
        "shipment_type": (data.get("shipment_type") or "").strip().upper(),
    }


def _customer_for_create(user, customer_id) -> Customer:
    if is_customer(user):
        customer = Customer.objects.filter(pk=user.customer_id).first()
        if customer is None:
            raise Forbidden(_("Your account is not linked to a customer."))
    else:
        if not customer_id:
            raise ValidationFailed(_("Choose the customer."), {"customerId": ["required"]})
        customer = Customer.objects.filter(public_id=customer_id).first()
        if customer is None:
            raise ValidationFailed(_("No such customer."), {"customerId": ["unknown"]})
    if customer.status != CustomerStatus.ACTIVE:
        raise ValidationFailed(_("This customer is inactive."), {"customerId": ["inactive"]})
    return customer


def create_shipment(user, data: dict) -> Shipment:
    """Create a DRAFT shipment with its stops (`POST /api/shipments`).

    `data` keys (snake_case): customer_id (public id; ignored for customer users),
    shipment_type (template code), priority, planned_start, planned_end, container_number,
    container_type, booking_number, bill_of_lading, special_instructions, stops (list of
    dicts: sequence, location_id, location_name, address, contact_person, contact_phone,
    planned_arrival, planned_departure, category, stop_type, label, instructions,
    required_photos — the last honoured for internal users only).
    """
    policies.may_create(user).enforce()
    customer = _customer_for_create(user, data.get("customer_id"))
    errors: dict = {}
    fields = _shipment_fields(data, errors)
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    stops = _build_stops(
        user,
        customer,
        fields["shipment_type"],
        data.get("stops"),
        fields["planned_start"],
        fields["planned_end"],
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
            note=_("Shipment created."),
            to_status=shipment.operation_status,
        )
    return shipment


def _expected_version(version) -> int:
    if version is None or version == "":
        raise ValidationFailed(
            _("Send the version you edited (If-Match header or version field)."),
            {"version": ["required"]},
        )
    try:
        return int(str(version).strip().strip('"').removeprefix("W/").strip('"'))
    except ValueError:
        raise ValidationFailed(_("Invalid version."), {"version": ["invalid"]}) from None


def update_shipment(user, public_id, data: dict, version=None) -> Shipment:
    """Replace a shipment's fields and stops (`PUT /api/shipments/{id}`).

    OPS/ADMIN while DRAFT or PENDING; the owning customer while DRAFT. `version` (from
    `If-Match` or the body) must equal the stored one, otherwise `Conflict`. Stops are
    replaced as a whole (template merge as on create). The customer cannot be changed.
    """
    expected = _expected_version(version)
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        policies.may_edit(user, shipment).enforce()
        if shipment.version != expected:
            raise Conflict(
                _("Someone else changed this shipment; reload it and try again."),
                {"version": shipment.version},
            )
        errors: dict = {}
        fields = _shipment_fields(data, errors)
        if errors:
            raise ValidationFailed(_("Please correct the highlighted fields."), errors)
        stops = _build_stops(
            user,
            shipment.customer,
            fields["shipment_type"],
            data.get("stops"),
            fields["planned_start"],
            fields["planned_end"],
        )
        changed = sorted(k for k, v in fields.items() if getattr(shipment, k) != v)
        with audit.labelled("shipment.update"):
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
            note=_("Shipment edited."),
            data={"fields": changed, "stops": len(stops)},
        )
    return get_visible_shipment(user, public_id)


# --------------------------------------------------------------------------- queries


ListFilter = Callable[[QuerySet, str], QuerySet]
_LIST_FILTERS: dict[str, ListFilter] = {}


def register_list_filter(name: str, apply: ListFilter) -> None:
    """Let another app add a filter to `GET /api/shipments` (e.g. dispatch's `vehicle`,
    `driver`): `apply(queryset, value)` returns the filtered queryset."""
    _LIST_FILTERS[name] = apply


def _day_start(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return _aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def _day_end(value: date | datetime) -> datetime:
    """Inclusive upper bound: a date means the whole business day."""
    if isinstance(value, datetime):
        return _aware(value)
    return timezone.make_aware(datetime.combine(value, time.max))


LIST_ORDERING = ["-planned_start", "-id"]


def list_shipments(
    user,
    *,
    status: str | None = None,
    document_status: str | None = None,
    financial_status: str | None = None,
    priority: str | None = None,
    customer_id=None,
    shipment_type: str | None = None,
    date_from: date | datetime | None = None,
    date_to: date | datetime | None = None,
    q: str | None = None,
    extra: dict[str, str] | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page:
    """Visible shipments, newest planned start first, keyset-paginated.

    `status` may be a comma-separated list; `date_from`/`date_to` bound planned_start
    (a date means the whole business day in Asia/Ho_Chi_Minh); `q` is a prefix of the
    shipment number, container number or booking number.
    """
    shipments = visible_shipments(user).select_related("customer")
    if status:
        values = [v.strip().upper() for v in status.split(",") if v.strip()]
        if any(v not in S.values for v in values):
            raise ValidationFailed(_("Unknown status."), {"status": ["invalid"]})
        shipments = shipments.filter(operation_status__in=values)
    if document_status:
        if document_status not in D.values:
            raise ValidationFailed(_("Unknown status."), {"documentStatus": ["invalid"]})
        shipments = shipments.filter(document_status=document_status)
    if financial_status:
        if financial_status not in FinancialStatus.values:
            raise ValidationFailed(_("Unknown status."), {"financialStatus": ["invalid"]})
        shipments = shipments.filter(financial_status=financial_status)
    if priority:
        if priority not in Priority.values:
            raise ValidationFailed(_("Unknown priority."), {"priority": ["invalid"]})
        shipments = shipments.filter(priority=priority)
    if customer_id:
        # a scalar subquery, not a join: the planner then walks shp_customer_start in order
        # and stops after one page instead of sorting all of the customer's shipments
        customer = Customer.objects.filter(public_id=customer_id).values("pk")[:1]
        shipments = shipments.filter(customer_id=Subquery(customer))
    if shipment_type:
        shipments = shipments.filter(shipment_type=shipment_type.upper())
    if date_from:
        shipments = shipments.filter(planned_start__gte=_day_start(date_from))
    if date_to:
        shipments = shipments.filter(planned_start__lte=_day_end(date_to))
    if q and q.strip():
        term = q.strip().upper()
        container = normalise_container_number(term)
        condition = Q(number__startswith=term) | Q(booking_number__startswith=term)
        if container:
            condition |= Q(container_number__startswith=container)
        shipments = shipments.filter(condition)
    for name, value in (extra or {}).items():
        if value in (None, ""):
            continue
        if name not in _LIST_FILTERS:
            raise ValidationFailed(
                _("The %(name)s filter is not available.") % {"name": name}, {name: ["unknown"]}
            )
        shipments = _LIST_FILTERS[name](shipments, value)
    return keyset_page(shipments, LIST_ORDERING, limit, cursor)


def shipment_detail(user, public_id) -> Shipment:
    """One visible shipment with its customer and stops loaded, plus what `user` may do
    with it now: `allowed_moves`, `allowed_document_moves`, `editable`, `allowed_actions`
    ({action name: policy Decision}) and `documents_confirmed_at` (None until the customer
    confirmed the documents)."""
    shipments = (
        visible_shipments(user)
        .select_related("customer", "created_by")
        .prefetch_related(Prefetch("stops", queryset=Stop.objects.select_related("location")))
        .filter(public_id=public_id)
    )
    found = shipments.first()
    if found is None:
        raise NotFound(_("No such shipment."))
    found.allowed_moves = policies.allowed_status_moves(user, found)
    found.allowed_document_moves = policies.allowed_document_moves(user, found)
    found.editable = bool(policies.may_edit(user, found))
    confirmation = _confirmation(found)
    found.documents_confirmed_at = confirmation.created_at if confirmation else None
    found.allowed_actions = policies.allowed_actions(
        user,
        found,
        documents_confirmed=confirmation is not None,
        extra={name: rule(user, found) for name, rule in _ACTION_RULES.items()},
    )
    return found


ActionRule = Callable[[Any, Shipment], Decision]
_ACTION_RULES: dict[str, ActionRule] = {}


def register_action(name: str, rule: ActionRule) -> None:
    """Let another app add an action to a shipment's `allowedActions` (e.g. dispatch's
    `dispatch`): `rule(user, shipment)` returns that app's policy `Decision`."""
    _ACTION_RULES[name] = rule


def _confirmation(shipment: Shipment) -> ShipmentEvent | None:
    return (
        ShipmentEvent.objects.filter(
            shipment=shipment, kind=EventKind.NOTE, data__confirmed_documents=True
        )
        .select_related("actor")
        .order_by("id")
        .first()
    )


def confirm_documents(user, public_id) -> tuple[ShipmentEvent, bool]:
    """The customer confirms every document arrived (DOMAIN.md §4.6): one NOTE event with
    `data.confirmed_documents`, `POST /api/shipments/{id}/documents/confirm`.

    Returns (the confirmation event, created). Once only: a repeat returns the first
    confirmation with created=False and writes nothing. Not visible → NotFound; not the
    owning customer → Forbidden; a CANCELLED shipment → Conflict.
    """
    with transaction.atomic():
        shipment = _lock_visible(user, public_id)
        policies.may_confirm_documents(user, shipment).enforce()
        existing = _confirmation(shipment)
        if existing is not None:
            return existing, False
        with audit.labelled("shipment.documents_confirmed"):
            event = append_event(
                shipment,
                EventKind.NOTE,
                actor=user,
                note=_("Customer confirmed all documents received."),
                data={"confirmed_documents": True},
            )
    return event, True


def list_events(user, public_id, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> Page:
    shipment = get_visible_shipment(user, public_id)
    events = ShipmentEvent.objects.filter(shipment=shipment).select_related("actor", "stop")
    return keyset_page(events, ["created_at", "id"], limit, cursor)


# --------------------------------------------------------------------------- stop templates


def list_stop_templates(user, customer_id=None) -> list[StopTemplate]:
    """Every template with its stops; `customer_overrides` on each stop holds the override
    of the given customer (always the user's own company for customer users)."""
    if is_customer(user):
        customer_pk = user.customer_id
    elif customer_id:
        customer = Customer.objects.filter(public_id=customer_id).first()
        if customer is None:
            raise NotFound(_("No such customer."))
        customer_pk = customer.pk
    else:
        customer_pk = None
    overrides = CustomerStopTemplateOverride.objects.filter(customer_id=customer_pk)
    templates = StopTemplate.objects.prefetch_related(
        Prefetch(
            "stops",
            queryset=StopTemplateStop.objects.prefetch_related(
                Prefetch("overrides", queryset=overrides, to_attr="customer_overrides")
            ),
        )
    )
    if not policies.may_see_inactive_templates(user):
        templates = templates.filter(is_active=True)
    return list(templates.order_by("code"))


def _template_stop_specs(stops: list[dict]) -> list[dict]:
    errors: dict = {}
    seen = []
    result = []
    for index, raw in enumerate(stops):
        key = f"stops[{index}]"
        sequence = raw.get("sequence") or index + 1
        seen.append(sequence)
        if raw.get("stop_type") not in StopType.values:
            errors[f"{key}.stopType"] = [_("Choose the stop type.")]
        category = raw.get("category") or StopCategory.OTHER
        if category not in StopCategory.values:
            errors[f"{key}.category"] = [_("Unknown stop category.")]
        photos = _check_photos(raw.get("required_photos") or [], f"{key}.requiredPhotos", errors)
        result.append(
            {
                "sequence": sequence,
                "category": category,
                "stop_type": raw.get("stop_type"),
                "label": (raw.get("label") or "").strip()[:255],
                "required_photos": photos,
            }
        )
    if not stops:
        errors["stops"] = [_("A template needs at least one stop.")]
    elif sorted(seen) != list(range(1, len(seen) + 1)):
        errors["stops"] = [_("Stop sequences must be 1, 2, 3, … without gaps.")]
    if errors:
        raise ValidationFailed(_("Some template stops are invalid."), errors)
    return result


def save_stop_template(
    user, code: str, *, name: str | None, is_active: bool | None, stops: list[dict]
) -> StopTemplate:
    """Create or replace a stop template (ADMIN). Existing stops are updated by sequence
    (keeping customers' overrides), missing ones removed, new ones added."""
    ensure_role(user, policies.TEMPLATE_ADMIN_ROLES)
    code = (code or "").strip().upper()
    specs = _template_stop_specs(stops)
    with transaction.atomic(), audit.labelled("stop_template.save"):
        template = StopTemplate.objects.select_for_update().filter(code=code).first()
        if template is None:
            if not name:
                raise ValidationFailed(_("A new template needs a name."), {"name": ["required"]})
            template = StopTemplate(code=code, name=name)
            try:
                template.full_clean()
            except DjangoValidationError as exc:
                raise ValidationFailed(_("Invalid template code."), {"code": ["invalid"]}) from exc
        if name:
            template.name = name.strip()[:100]
        if is_active is not None:
            template.is_active = is_active
        template.save()
        existing = {s.sequence: s for s in template.stops.all()}
        for spec in specs:
            stop = existing.pop(spec["sequence"], None) or StopTemplateStop(template=template)
            for key, value in spec.items():
                setattr(stop, key, value)
            stop.save()
        for stale in existing.values():
            stale.delete()
    return next(t for t in list_stop_templates(user) if t.pk == template.pk)


def save_customer_overrides(user, customer_id, code: str, stops: list[dict]) -> StopTemplate:
    """Set a customer's required photos for a template (ADMIN). `stops` lists
    {sequence, required_photos}; a sequence not listed (or with required_photos None)
    goes back to the template's default."""
    ensure_role(user, policies.TEMPLATE_ADMIN_ROLES)
    customer = Customer.objects.filter(public_id=customer_id).first()
    if customer is None:
        raise NotFound(_("No such customer."))
    template = StopTemplate.objects.filter(code=(code or "").upper()).first()
    if template is None:
        raise NotFound(_("No such stop template."))
    template_stops = {s.sequence: s for s in template.stops.all()}
    errors: dict = {}
    wanted: dict[int, list[str]] = {}
    for index, raw in enumerate(stops):
        sequence = raw.get("sequence")
        if sequence not in template_stops:
            errors[f"stops[{index}].sequence"] = [_("The template has no such stop.")]
            continue
        if raw.get("required_photos") is not None:
            wanted[sequence] = _check_photos(
                raw["required_photos"], f"stops[{index}].requiredPhotos", errors
            )
    if errors:
        raise ValidationFailed(_("Some overrides are invalid."), errors)
    with transaction.atomic(), audit.labelled("stop_template.customer_override"):
        current = {
            o.template_stop_id: o
            for o in CustomerStopTemplateOverride.objects.select_for_update().filter(
                customer=customer, template_stop__template=template
            )
        }
        for sequence, template_stop in template_stops.items():
            override = current.get(template_stop.pk)
            if sequence in wanted:
                override = override or CustomerStopTemplateOverride(
                    customer=customer, template_stop=template_stop
                )
                override.required_photos = wanted[sequence]
                override.save()
            elif override is not None:
                override.delete()
    return next(t for t in list_stop_templates(user, customer.public_id) if t.pk == template.pk)

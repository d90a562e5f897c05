"""Validation of a shipment's fields and the building of its stops (the template of its
type merged with the supplied stops), shared by create and update. Every error is a
`ValidationFailed` whose `details` are keyed like the API body (`stops[0].locationName`)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core.errors import Forbidden, ValidationFailed
from unicon.core.phones import canonical_phone
from unicon.core.roles import is_customer
from unicon.customers.models import Customer, CustomerStatus, Location
from unicon.shipments.labels import stored_label
from unicon.shipments.models import (
    MAX_INSTRUCTIONS,
    MAX_STOPS,
    ContainerType,
    CustomerStopTemplateOverride,
    PhotoType,
    Priority,
    Stop,
    StopCategory,
    StopTemplate,
    StopType,
)
from unicon.shipments.validators import is_valid_container_number, normalise_container_number


@dataclass
class _StopSpec:
    sequence: int
    category: str
    stop_type: str
    label: str
    required_photos: list[str]
    dwell_minutes: int | None = None


#: How long a truck usually stays at a stop of each kind (minutes) when its template does not
#: say (`StopTemplateStop.dwell_minutes`): the default planned departure is arrival + this.
USUAL_DWELL = {
    StopCategory.PICKUP_EMPTY: 30,
    StopCategory.WAREHOUSE_LOAD: 120,
    StopCategory.PORT_DELIVERY: 60,
    StopCategory.PORT_PICKUP: 60,
    StopCategory.WAREHOUSE_UNLOAD: 120,
    StopCategory.RETURN_EMPTY: 30,
}
DEFAULT_DWELL = 60


def default_departure(
    arrival: datetime, dwell_minutes: int, next_arrival: datetime | None, end: datetime | None
) -> datetime:
    """The planned departure of a stop left empty: its arrival + the usual dwell, but never
    after the next stop's planned arrival (nor the shipment's planned end when it is the last
    stop) and never before its own arrival."""
    departure = arrival + timedelta(minutes=dwell_minutes)
    limit = next_arrival if next_arrival is not None else end
    if limit is not None:
        departure = min(departure, limit)
    return max(departure, arrival)


def aware(value: datetime | None) -> datetime | None:
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
            s.dwell_minutes,
        )
        for s in template.stops.all()
    ]


def check_photos(photos: Any, key: str, errors: dict) -> list[str]:
    if not isinstance(photos, list) or any(p not in PhotoType.values for p in photos):
        errors[key] = [_("Unknown photo type; allowed: %s.") % ", ".join(PhotoType.values)]
        return []
    return list(dict.fromkeys(photos))


def build_stops(
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
            photos = check_photos(raw["required_photos"], f"{key}.requiredPhotos", errors)
        location = None
        if raw.get("location_id"):
            location = locations.get(str(raw["location_id"]))
            if location is None:
                errors[f"{key}.locationId"] = [_("No such location in your address book.")]
        name = (raw.get("location_name") or "").strip() or (location.name if location else "")
        if not name:
            errors[f"{key}.locationName"] = [_("Choose a location or type its name.")]
        arrival = aware(raw.get("planned_arrival")) or start
        departure = aware(raw.get("planned_departure"))
        if departure is None:
            dwell = spec.dwell_minutes if spec else None
            if dwell is None:
                dwell = USUAL_DWELL.get(category, DEFAULT_DWELL)
            departure = default_departure(arrival, dwell, _next_arrival(supplied, sequence), end)
        if departure < arrival:
            errors[f"{key}.plannedDeparture"] = [_("Departure must not be before arrival.")]
        _check_length(raw.get("instructions"), f"{key}.instructions", errors)
        phone = raw.get("contact_phone") or (location.contact_phone if location else "")
        try:
            phone = canonical_phone(phone)
        except DjangoValidationError as exc:
            errors[f"{key}.contactPhone"] = exc.messages
        result.append(
            Stop(
                sequence=sequence,
                category=category,
                stop_type=stop_type or "",
                label=stored_label(raw.get("label") or (spec.label if spec else "")),
                location=location,
                location_name=name[:255],
                address=(raw.get("address") or (location.address if location else "")).strip(),
                contact_person=(
                    raw.get("contact_person") or (location.contact_person if location else "")
                ).strip(),
                contact_phone=phone,
                planned_arrival=arrival,
                planned_departure=departure,
                required_photos=photos,
                instructions=(raw.get("instructions") or "").strip(),
            )
        )
    if errors:
        raise ValidationFailed(_("Some stops are invalid."), errors)
    return result


def _next_arrival(supplied: dict[int, dict], sequence: int) -> datetime | None:
    """The planned arrival typed for the next stop, if any."""
    return aware((supplied.get(sequence + 1) or {}).get("planned_arrival"))


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


def shipment_fields(data: dict, errors: dict) -> dict:
    """Validate and normalise the scalar fields common to create and update."""
    start, end = aware(data.get("planned_start")), aware(data.get("planned_end"))
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


def customer_for_create(user, customer_id) -> Customer:
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

"""Customer companies and the address book (locations): who may see and change what.

Customers (DOMAIN.md §1.4, ADMIN always may): read by OPS, DISPATCHER, ACCOUNTING; written by
OPS, ACCOUNTING; deleted by ACCOUNTING, refused (409) while users, locations or shipments
refer to the company: deactivate it instead. A customer user sees only their own company
(`my_customer`); any other company is "not found" to them.

Locations: shared ones (no customer: ports, depots, ICDs) are read by every user; a
customer's own ones (its warehouses) by internal users and that customer's users only.
Internal writers: OPS, DISPATCHER. Customer users create, edit and delete their own
company's locations (always filed under their company), never shared ones.
"""

import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from unicon.core import crud
from unicon.core.errors import Forbidden, NotFound, ValidationFailed
from unicon.core.filtering import apply as apply_filters
from unicon.core.pagination import DEFAULT_LIMIT, Page, keyset_page
from unicon.core.permissions import ensure_role
from unicon.core.roles import CUSTOMER_ROLES
from unicon.customers.filters import CustomerFilter, DistanceFilter, LocationFilter
from unicon.customers.models import (
    Customer,
    CustomerStatus,
    Location,
    RouteDistance,
    route_km,
)
from unicon.customers.policies import (
    CUSTOMER_DELETERS,
    CUSTOMER_READERS,
    CUSTOMER_WRITERS,
    DISTANCE_READERS,
    DISTANCE_WRITERS,
    LOCATION_READERS,
    LOCATION_WRITERS,
)

# --------------------------------------------------------------------------- customers


def visible_customers(user) -> QuerySet[Customer]:
    """The companies `user` may read: their own for a customer user, all for office roles."""
    if user.is_customer:
        ensure_role(user, CUSTOMER_ROLES)
        return Customer.objects.filter(pk=user.customer_id)
    ensure_role(user, CUSTOMER_READERS)
    return Customer.objects.all()


def list_customers(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Customers by code (office roles only), filtered by `customers.filters.CustomerFilter`
    (`filters`: query parameters; `fixed`: filters the caller imposes)."""
    ensure_role(user, CUSTOMER_READERS)
    customers = apply_filters(CustomerFilter, filters, Customer.objects.all(), **fixed)
    return keyset_page(customers, ["code"], limit, cursor)


def get_customer(user, public_id) -> Customer:
    return crud.get_or_404(visible_customers(user), public_id, _("No such customer."))


def my_customer(user) -> Customer:
    """The company of a customer user."""
    if not user.is_customer:
        raise NotFound(_("You do not belong to a customer company."))
    return visible_customers(user).get()


def _customer_data(data: dict) -> dict:
    if isinstance(data.get("code"), str):
        data["code"] = data["code"].strip().upper()
    return data


def _save_customer(customer: Customer, data: dict) -> Customer:
    changed = crud.assign(customer, _customer_data(data))
    crud.validate(customer)
    label = None
    if customer.pk and "status" in changed:
        label = (
            "customer.activate"
            if customer.status == CustomerStatus.ACTIVE
            else "customer.deactivate"
        )
    crud.save(customer, label)
    return customer


@transaction.atomic
def create_customer(user, data: dict) -> Customer:
    ensure_role(user, CUSTOMER_WRITERS)
    return _save_customer(Customer(), data)


@transaction.atomic
def update_customer(user, public_id, data: dict) -> Customer:
    customer = get_customer(user, public_id)
    ensure_role(user, CUSTOMER_WRITERS)
    return _save_customer(customer, data)


def delete_customer(user, public_id) -> None:
    customer = get_customer(user, public_id)
    ensure_role(user, CUSTOMER_DELETERS)
    crud.delete_or_conflict(customer, _("Set its status to INACTIVE instead."))


# --------------------------------------------------------------------------- locations


def visible_locations(user) -> QuerySet[Location]:
    """Shared locations and, for a customer user, their own company's; everything for
    internal users."""
    locations = Location.objects.select_related("customer")
    if user.is_customer:
        ensure_role(user, CUSTOMER_ROLES)
        return locations.filter(Q(customer__isnull=True) | Q(customer_id=user.customer_id))
    ensure_role(user, LOCATION_READERS)
    return locations


def list_locations(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Visible locations by name, filtered by `customers.filters.LocationFilter`."""
    locations = apply_filters(LocationFilter, filters, visible_locations(user), **fixed)
    return keyset_page(locations, ["name", "id"], limit, cursor)


def get_location(user, public_id) -> Location:
    return crud.get_or_404(visible_locations(user), public_id, _("No such location."))


def _ensure_may_write(user, location: Location | None) -> None:
    """Internal writers may write any location; customer users their own company's only."""
    if not user.is_customer:
        ensure_role(user, LOCATION_WRITERS)
        return
    ensure_role(user, CUSTOMER_ROLES)
    if location is not None and location.customer_id != user.customer_id:
        raise Forbidden(_("Shared locations are kept by Unicon; ask the operations team."))


def _save_location(user, location: Location, data: dict) -> Location:
    if user.is_customer:
        data.pop("customer_id", None)
        data["customer"] = user.customer
    elif "customer_id" in data:
        data["customer"] = crud.reference(
            Customer.objects.all(), data.pop("customer_id"), "customerId", _("No such customer.")
        )
    for axis in ("latitude", "longitude"):
        if isinstance(data.get(axis), float | int):
            value = Decimal(str(data[axis]))
            # an absurd value (1e300) is left whole for the model's range check to refuse
            data[axis] = round(value, 6) if abs(value) <= 180 else value
    crud.assign(location, data)
    crud.validate(location)
    crud.save(location)
    return location


@transaction.atomic
def create_location(user, data: dict) -> Location:
    """`customer_id` files it under a customer (none: shared); customer users' locations are
    always their own company's. Coordinates are kept to 6 decimals (about 10 cm)."""
    _ensure_may_write(user, None)
    return _save_location(user, Location(), data)


@transaction.atomic
def update_location(user, public_id, data: dict) -> Location:
    location = get_location(user, public_id)
    _ensure_may_write(user, location)
    return _save_location(user, location, data)


def delete_location(user, public_id) -> None:
    location = get_location(user, public_id)
    _ensure_may_write(user, location)
    crud.delete_or_conflict(location, _("Mark it inactive instead."))


# --------------------------------------------------------------------------- distances


def visible_distances(user) -> QuerySet[RouteDistance]:
    """Every route distance, for internal users (`policies.DISTANCE_READERS`)."""
    ensure_role(user, DISTANCE_READERS)
    return RouteDistance.objects.select_related("origin", "destination")


def list_distances(
    user, filters=None, *, limit: int = DEFAULT_LIMIT, cursor: str | None = None, **fixed
) -> Page:
    """Route distances, oldest first, filtered by `customers.filters.DistanceFilter`."""
    rows = apply_filters(DistanceFilter, filters, visible_distances(user), **fixed)
    return keyset_page(rows, DistanceFilter.ORDER, limit, cursor)


def get_distance(user, public_id) -> RouteDistance:
    return crud.get_or_404(visible_distances(user), public_id, _("No such distance."))


def find_distance(first: Location, second: Location) -> RouteDistance | None:
    """The distance between two locations, whichever way round they are given."""
    low, high = sorted((first.pk, second.pk))
    return RouteDistance.objects.filter(origin_id=low, destination_id=high).first()


def _save_distance(user, distance: RouteDistance, data: dict) -> RouteDistance:
    places = visible_locations(user)
    for end in ("origin", "destination"):
        if f"{end}_id" in data:
            place = crud.reference(places, data[f"{end}_id"], f"{end}Id", _("No such location."))
            data[f"{end}_id"] = place.pk if place else None
    if isinstance(data.get("km"), float | int):
        data["km"] = Decimal(str(data["km"]))
    if isinstance(data.get("km"), Decimal) and abs(data["km"]) < 10**6:
        data["km"] = round(data["km"], 1)
    crud.assign(distance, data)
    low, high = distance.origin_id, distance.destination_id
    if low and high and low > high:  # one record per pair: the smaller id is the origin
        distance.origin_id, distance.destination_id = high, low
    crud.validate(distance)
    crud.save(distance)
    return distance


@transaction.atomic
def create_distance(user, data: dict) -> RouteDistance:
    """`origin_id`, `destination_id` (location public ids), `km` (0.1-5000, one decimal),
    `note`. The pair is one record whichever way round: a second one answers 400."""
    ensure_role(user, DISTANCE_WRITERS)
    return _save_distance(user, RouteDistance(), data)


@transaction.atomic
def update_distance(user, public_id, data: dict) -> RouteDistance:
    distance = get_distance(user, public_id)
    ensure_role(user, DISTANCE_WRITERS)
    return _save_distance(user, distance, data)


def delete_distance(user, public_id) -> None:
    distance = get_distance(user, public_id)
    ensure_role(user, DISTANCE_WRITERS)
    crud.delete_or_conflict(distance)


MAX_ROUTE_STOPS = 50


def route_distance(user, stops: list[str]) -> dict:
    """The planned km of a route through `stops` (location public ids, in order, as a
    shipment's stops): {km, legs, known_legs} (`models.route_km`). Internal users; an id that
    is not a location the user may see (or more than 50 stops) is a 400 naming `stops`."""
    ensure_role(user, DISTANCE_READERS)
    ids = [s.strip() for s in stops if s.strip()]
    if len(ids) > MAX_ROUTE_STOPS:
        raise ValidationFailed(
            _("At most %(n)s stops.") % {"n": MAX_ROUTE_STOPS}, {"stops": ["too many"]}
        )
    try:
        wanted = {uuid.UUID(i) for i in ids}
    except ValueError:
        raise ValidationFailed(_("No such location."), {"stops": ["not a location id"]}) from None
    found = dict(
        visible_locations(user).filter(public_id__in=wanted).values_list("public_id", "pk")
    )
    missing = [i for i in ids if uuid.UUID(i) not in found]
    if missing:
        raise ValidationFailed(_("No such location."), {"stops": missing})
    return route_km([found[uuid.UUID(i)] for i in ids])

"""Customers and locations. Handlers are thin: parse, call one service, render."""

from uuid import UUID

from django.http import HttpRequest
from ninja import PatchDict, Query, Router, Status

from unicon.core.crud import snake_keys
from unicon.core.pagination import Paged
from unicon.customers import services
from unicon.customers.schemas import (
    CustomerFilters,
    CustomerIn,
    CustomerOut,
    DistanceFilters,
    DistanceIn,
    DistanceOut,
    LocationFilters,
    LocationIn,
    LocationOut,
    PlannedKmOut,
)

router = Router(tags=["customers"], by_alias=True)


# --------------------------------------------------------------------------- customers


@router.get("/customers", response=Paged[CustomerOut], summary="List customers")
def list_customers(request: HttpRequest, filters: Query[CustomerFilters]):
    """ADMIN, OPS, DISPATCHER, ACCOUNTING. By code; `q` is part of the code or name."""
    return services.list_customers(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.post("/customers", response={201: CustomerOut}, summary="Create a customer")
def create_customer(request: HttpRequest, payload: CustomerIn):
    """ADMIN, OPS, ACCOUNTING. The code is unique (3-10 letters/digits, upper-cased)."""
    return Status(201, services.create_customer(request.user, snake_keys(payload.model_dump())))


@router.get("/customers/me", response=CustomerOut, summary="My company (customer users)")
def my_customer(request: HttpRequest):
    return services.my_customer(request.user)


@router.get("/customers/{customer_id}", response=CustomerOut, summary="One customer")
def get_customer(request: HttpRequest, customer_id: UUID):
    """Office roles: any customer. Customer users: their own company only (others: 404)."""
    return services.get_customer(request.user, customer_id)


@router.put("/customers/{customer_id}", response=CustomerOut, summary="Replace a customer")
def replace_customer(request: HttpRequest, customer_id: UUID, payload: CustomerIn):
    """ADMIN, OPS, ACCOUNTING. Fields left out take their defaults."""
    return services.update_customer(request.user, customer_id, snake_keys(payload.model_dump()))


@router.patch("/customers/{customer_id}", response=CustomerOut, summary="Edit a customer")
def edit_customer(request: HttpRequest, customer_id: UUID, payload: PatchDict[CustomerIn]):
    """ADMIN, OPS, ACCOUNTING. Only the fields sent change; `status` INACTIVE deactivates."""
    return services.update_customer(request.user, customer_id, snake_keys(payload))


@router.delete("/customers/{customer_id}", response={204: None}, summary="Delete a customer")
def delete_customer(request: HttpRequest, customer_id: UUID):
    """ADMIN, ACCOUNTING. 409 while users, locations or shipments refer to it: deactivate it
    (`status` INACTIVE) instead."""
    services.delete_customer(request.user, customer_id)
    return Status(204, None)


# --------------------------------------------------------------------------- locations


@router.get("/locations", response=Paged[LocationOut], summary="List locations")
def list_locations(request: HttpRequest, filters: Query[LocationFilters]):
    """Shared locations (ports, depots, ICDs) for everyone; a customer's own locations for
    internal users and that customer's users. By name."""
    return services.list_locations(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.post("/locations", response={201: LocationOut}, summary="Create a location")
def create_location(request: HttpRequest, payload: LocationIn):
    """ADMIN, OPS, DISPATCHER (shared, or for `customerId`); customer users for their own
    company (`customerId` is ignored)."""
    return Status(201, services.create_location(request.user, snake_keys(payload.model_dump())))


@router.get("/locations/{location_id}", response=LocationOut, summary="One location")
def get_location(request: HttpRequest, location_id: UUID):
    return services.get_location(request.user, location_id)


@router.put("/locations/{location_id}", response=LocationOut, summary="Replace a location")
def replace_location(request: HttpRequest, location_id: UUID, payload: LocationIn):
    """ADMIN, OPS, DISPATCHER; customer users their own company's (never shared ones: 403)."""
    return services.update_location(request.user, location_id, snake_keys(payload.model_dump()))


@router.patch("/locations/{location_id}", response=LocationOut, summary="Edit a location")
def edit_location(request: HttpRequest, location_id: UUID, payload: PatchDict[LocationIn]):
    return services.update_location(request.user, location_id, snake_keys(payload))


@router.delete("/locations/{location_id}", response={204: None}, summary="Delete a location")
def delete_location(request: HttpRequest, location_id: UUID):
    """Same roles as editing; 409 while stops refer to it (mark it inactive instead)."""
    services.delete_location(request.user, location_id)
    return Status(204, None)


# --------------------------------------------------------------------------- distances


@router.get("/distances", response=Paged[DistanceOut], summary="List route distances")
def list_distances(request: HttpRequest, filters: Query[DistanceFilters]):
    """Internal users. Road km between two locations (one record per pair, either
    direction); `location` narrows to one place's, `q` to names. `?format=xlsx|csv` exports."""
    return services.list_distances(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.get("/distances/route", response=PlannedKmOut, summary="Planned km of a route")
def route_distance(request: HttpRequest, stops: str):
    """Internal users. `stops`: location ids in order, comma-separated (e.g. a shipment's
    stops' `location.id`). Answers `km` (the sum of the legs whose distance is recorded;
    null when none is), `legs` and `knownLegs`; two stops at the same place are a 0 km leg.
    400 naming `stops` for an unknown location or more than 50 stops."""
    return services.route_distance(request.user, stops.split(","))


@router.post("/distances", response={201: DistanceOut}, summary="Record a route distance")
def create_distance(request: HttpRequest, payload: DistanceIn):
    """ADMIN, OPS, DISPATCHER. 400 when the pair is already recorded (either way round)."""
    return Status(201, services.create_distance(request.user, snake_keys(payload.model_dump())))


@router.get("/distances/{distance_id}", response=DistanceOut, summary="One route distance")
def get_distance(request: HttpRequest, distance_id: UUID):
    return services.get_distance(request.user, distance_id)


@router.patch("/distances/{distance_id}", response=DistanceOut, summary="Edit a route distance")
def edit_distance(request: HttpRequest, distance_id: UUID, payload: PatchDict[DistanceIn]):
    """ADMIN, OPS, DISPATCHER. Only the fields sent change."""
    return services.update_distance(request.user, distance_id, snake_keys(payload))


@router.delete("/distances/{distance_id}", response={204: None}, summary="Delete a distance")
def delete_distance(request: HttpRequest, distance_id: UUID):
    """ADMIN, OPS, DISPATCHER."""
    services.delete_distance(request.user, distance_id)
    return Status(204, None)

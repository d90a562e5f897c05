"""Legal entities, vehicles and drivers. Handlers are thin: parse, call one service, render."""

from uuid import UUID

from django.http import HttpRequest
from ninja import PatchDict, Query, Router, Status

from unicon.core.crud import snake_keys
from unicon.core.pagination import Paged
from unicon.fleet import services
from unicon.fleet.schemas import (
    DriverCreateIn,
    DriverFilters,
    DriverOut,
    DriverUpdateIn,
    LegalEntityIn,
    LegalEntityOut,
    SearchFilters,
    VehicleFilters,
    VehicleIn,
    VehicleOut,
)

router = Router(tags=["fleet"], by_alias=True)


# --------------------------------------------------------------------------- legal entities


@router.get("/legal-entities", response=Paged[LegalEntityOut], summary="List legal entities")
def list_legal_entities(request: HttpRequest, filters: Query[SearchFilters]):
    """Internal roles. By code; `q` is part of the code or name."""
    return services.list_legal_entities(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.post("/legal-entities", response={201: LegalEntityOut}, summary="Create a legal entity")
def create_legal_entity(request: HttpRequest, payload: LegalEntityIn):
    """ADMIN."""
    return Status(201, services.create_legal_entity(request.user, snake_keys(payload.model_dump())))


@router.get("/legal-entities/{entity_id}", response=LegalEntityOut, summary="One legal entity")
def get_legal_entity(request: HttpRequest, entity_id: UUID):
    return services.get_legal_entity(request.user, entity_id)


@router.put("/legal-entities/{entity_id}", response=LegalEntityOut, summary="Replace")
def replace_legal_entity(request: HttpRequest, entity_id: UUID, payload: LegalEntityIn):
    """ADMIN."""
    data = snake_keys(payload.model_dump())
    return services.update_legal_entity(request.user, entity_id, data)


@router.patch("/legal-entities/{entity_id}", response=LegalEntityOut, summary="Edit")
def edit_legal_entity(request: HttpRequest, entity_id: UUID, payload: PatchDict[LegalEntityIn]):
    """ADMIN."""
    return services.update_legal_entity(request.user, entity_id, snake_keys(payload))


@router.delete("/legal-entities/{entity_id}", response={204: None}, summary="Delete")
def delete_legal_entity(request: HttpRequest, entity_id: UUID):
    """ADMIN. 409 while vehicles or drivers refer to it."""
    services.delete_legal_entity(request.user, entity_id)
    return Status(204, None)


# --------------------------------------------------------------------------- vehicles


@router.get("/vehicles", response=Paged[VehicleOut], summary="List vehicles")
def list_vehicles(request: HttpRequest, filters: Query[VehicleFilters]):
    """ADMIN, OPS, DISPATCHER, ACCOUNTING. By plate. Each vehicle carries `expiryWarnings`
    (expired or expiring within 30 days, as of today in Asia/Ho_Chi_Minh)."""
    return services.list_vehicles(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.post("/vehicles", response={201: VehicleOut}, summary="Create a vehicle")
def create_vehicle(request: HttpRequest, payload: VehicleIn):
    """ADMIN, OPS, DISPATCHER. OWN needs `ownerId`, RENTAL `rentalCompany`; a plate equal to
    another's once normalised (51C-123.45 = 51C12345) is refused (400)."""
    return Status(201, services.create_vehicle(request.user, snake_keys(payload.model_dump())))


@router.get("/vehicles/{vehicle_id}", response=VehicleOut, summary="One vehicle")
def get_vehicle(request: HttpRequest, vehicle_id: UUID):
    return services.get_vehicle(request.user, vehicle_id)


@router.put("/vehicles/{vehicle_id}", response=VehicleOut, summary="Replace a vehicle")
def replace_vehicle(request: HttpRequest, vehicle_id: UUID, payload: VehicleIn):
    """ADMIN, OPS, DISPATCHER."""
    return services.update_vehicle(request.user, vehicle_id, snake_keys(payload.model_dump()))


@router.patch("/vehicles/{vehicle_id}", response=VehicleOut, summary="Edit a vehicle")
def edit_vehicle(request: HttpRequest, vehicle_id: UUID, payload: PatchDict[VehicleIn]):
    """ADMIN, OPS, DISPATCHER. Only the fields sent change."""
    return services.update_vehicle(request.user, vehicle_id, snake_keys(payload))


@router.delete("/vehicles/{vehicle_id}", response={204: None}, summary="Delete a vehicle")
def delete_vehicle(request: HttpRequest, vehicle_id: UUID):
    """ADMIN. 409 while driver tasks refer to it: set it OUT_OF_SERVICE instead."""
    services.delete_vehicle(request.user, vehicle_id)
    return Status(204, None)


# --------------------------------------------------------------------------- drivers


@router.get("/drivers", response=Paged[DriverOut], summary="List drivers")
def list_drivers(request: HttpRequest, filters: Query[DriverFilters]):
    """ADMIN, OPS, DISPATCHER, ACCOUNTING. In the order added; `q` is part of the name or
    phone. `expiryWarnings` covers the driving licence."""
    return services.list_drivers(
        request.user, request.GET, limit=filters.limit, cursor=filters.cursor
    ).as_response()


@router.post("/drivers", response={201: DriverOut}, summary="Create a driver")
def create_driver(request: HttpRequest, payload: DriverCreateIn):
    """ADMIN, OPS, DISPATCHER. Either `userId` (an existing DRIVER user without a profile) or
    `email` + `fullName` (a new DRIVER user without password: print them a link with
    `unicon generate-reset-token EMAIL`). `defaultTractorId` must be a TRACTOR and
    `defaultTrailerId` a TRAILER."""
    return Status(201, services.create_driver(request.user, snake_keys(payload.model_dump())))


@router.get("/drivers/{driver_id}", response=DriverOut, summary="One driver")
def get_driver(request: HttpRequest, driver_id: UUID):
    return services.get_driver(request.user, driver_id)


@router.put("/drivers/{driver_id}", response=DriverOut, summary="Replace a driver profile")
def replace_driver(request: HttpRequest, driver_id: UUID, payload: DriverUpdateIn):
    """ADMIN, OPS, DISPATCHER. `fullName` (optional) renames the driver's user."""
    return services.update_driver(request.user, driver_id, snake_keys(payload.model_dump()))


@router.patch("/drivers/{driver_id}", response=DriverOut, summary="Edit a driver profile")
def edit_driver(request: HttpRequest, driver_id: UUID, payload: PatchDict[DriverUpdateIn]):
    return services.update_driver(request.user, driver_id, snake_keys(payload))


@router.delete("/drivers/{driver_id}", response={204: None}, summary="Delete a driver profile")
def delete_driver(request: HttpRequest, driver_id: UUID):
    """ADMIN. The DRIVER user stays. 409 while driver tasks refer to it: set INACTIVE."""
    services.delete_driver(request.user, driver_id)
    return Status(204, None)

"""Assign, re-assign, unassign, re-order and every refusal of DOMAIN.md Part A §3."""

import datetime as dt

import pytest

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import DriverStatus, VehicleStatus, VehicleType
from unicon.shipments.models import EventKind, OperationStatus, ShipmentEvent

from .conftest import body, day, dispatch_url


def _error(response, status=409):
    assert response.status_code == status, response.content
    payload = response.json()
    assert payload["success"] is False
    return payload["error"]


def test_assign_pending_shipment(dispatcher_api, fleet, make_shipment):
    driver, tractor, trailer = fleet
    shipment = make_shipment()
    response = dispatcher_api.post(
        dispatch_url(shipment), body(driver, tractor, trailer, instructions="Drop at yard B")
    )
    assert response.status_code == 200, response.content
    task = response.json()
    assert task["status"] == "PENDING"
    assert task["sequence"] == 1
    assert task["driver"]["id"] == str(driver.public_id)
    assert task["tractor"]["plate"] == tractor.plate
    assert task["trailer"]["plate"] == trailer.plate
    assert task["instructions"] == "Drop at yard B"
    assert task["shipment"]["status"] == "DISPATCHED"
    assert task["shipment"]["version"] == shipment.version + 1
    assert task["plannedStart"] and task["plannedEnd"]
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DISPATCHED
    kinds = list(shipment.events.values_list("kind", "to_status"))
    assert (EventKind.ASSIGNMENT, "") in kinds
    assert (EventKind.OPERATION_STATUS, "DISPATCHED") in kinds


def test_trailer_is_optional_and_sequence_follows_drivers_open_tasks(
    dispatcher_api, fleet, make_shipment
):
    driver, tractor, _ = fleet
    morning = make_shipment(start_hour=6, end_hour=9)
    afternoon = make_shipment(start_hour=13, end_hour=16)
    first = dispatcher_api.post(dispatch_url(morning), body(driver, tractor))
    second = dispatcher_api.post(dispatch_url(afternoon), body(driver, tractor))
    assert first.status_code == second.status_code == 200, second.content
    assert first.json()["trailer"] is None
    assert [first.json()["sequence"], second.json()["sequence"]] == [1, 2]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("kind", ["driver", "tractor", "trailer", "trailer-as-other-trailer"])
def test_double_booking_refused_naming_the_other_shipment(
    kind, dispatcher_api, fleet, make_driver, make_vehicle, make_shipment
):
    driver, tractor, trailer = fleet
    booked = make_shipment(start_hour=8, end_hour=12)
    assert (
        dispatcher_api.post(dispatch_url(booked), body(driver, tractor, trailer)).status_code == 200
    )
    other_driver = make_driver()
    other_tractor = make_vehicle(VehicleType.TRACTOR)
    other_trailer = make_vehicle(VehicleType.TRAILER)
    crew = {
        "driver": (driver, other_tractor, other_trailer),
        "tractor": (other_driver, tractor, other_trailer),
        "trailer": (other_driver, other_tractor, trailer),
        "trailer-as-other-trailer": (other_driver, other_tractor, trailer),
    }[kind]
    overlapping = make_shipment(start_hour=11, end_hour=15)
    error = _error(dispatcher_api.post(dispatch_url(overlapping), body(*crew)))
    assert error["code"] == "CONFLICT"
    assert booked.number in error["message"]
    assert "already booked" in error["message"]
    assert len(error["details"]["problems"]) == 1
    overlapping.refresh_from_db()
    assert overlapping.operation_status == OperationStatus.PENDING
    assert not overlapping.tasks.exists()


def test_back_to_back_and_other_day_are_not_overlaps(dispatcher_api, fleet, make_shipment):
    driver, tractor, trailer = fleet
    first = make_shipment(start_hour=6, end_hour=10)
    adjacent = make_shipment(start_hour=10, end_hour=14)
    next_day = make_shipment(on=day(4), start_hour=6, end_hour=10)
    for shipment in (first, adjacent, next_day):
        response = dispatcher_api.post(dispatch_url(shipment), body(driver, tractor, trailer))
        assert response.status_code == 200, response.content


def test_cancelled_or_completed_tasks_do_not_block(dispatcher_api, fleet, make_shipment):
    driver, tractor, trailer = fleet
    old = make_shipment()
    assert dispatcher_api.post(dispatch_url(old), body(driver, tractor, trailer)).status_code == 200
    assert dispatcher_api.delete(dispatch_url(old)).status_code == 200
    again = make_shipment()
    assert (
        dispatcher_api.post(dispatch_url(again), body(driver, tractor, trailer)).status_code == 200
    )


@pytest.mark.parametrize("which", ["tractor", "trailer"])
@pytest.mark.parametrize("status", [VehicleStatus.MAINTENANCE, VehicleStatus.OUT_OF_SERVICE])
def test_unusable_vehicle_refused(which, status, dispatcher_api, fleet, make_shipment):
    _driver, tractor, trailer = fleet
    vehicle = tractor if which == "tractor" else trailer
    vehicle.status = status
    vehicle.save()
    error = _error(dispatcher_api.post(dispatch_url(make_shipment()), body(*fleet)))
    assert str(vehicle) in error["message"]
    assert str(status.label) in error["message"]  # the label, never the code


@pytest.mark.parametrize(
    ("which", "field", "label"),
    [
        ("driver", "licence_expiry", "driving licence"),
        ("tractor", "inspection_expiry", "inspection"),
        ("tractor", "insurance_expiry", "insurance"),
        ("tractor", "operation_permit_expiry", "operation permit"),
        ("trailer", "inspection_expiry", "inspection"),
        ("trailer", "insurance_expiry", "insurance"),
        ("trailer", "operation_permit_expiry", "operation permit"),
    ],
)
def test_expired_paper_refused_naming_document_and_date(
    which, field, label, dispatcher_api, fleet, make_shipment
):
    driver, tractor, trailer = fleet
    obj = {"driver": driver, "tractor": tractor, "trailer": trailer}[which]
    expired_on = day() - dt.timedelta(days=1)
    setattr(obj, field, expired_on)
    obj.save()
    error = _error(dispatcher_api.post(dispatch_url(make_shipment()), body(*fleet)))
    assert label in error["message"]
    assert f"{expired_on:%d/%m/%Y}" in error["message"]  # dd/mm/yyyy, never ISO


def test_paper_expiring_during_a_multi_day_trip_is_refused(dispatcher_api, fleet, make_shipment):
    _driver, tractor, _trailer = fleet
    shipment = make_shipment()
    shipment.planned_end = shipment.planned_end + dt.timedelta(days=2)
    shipment.save()
    tractor.insurance_expiry = day() + dt.timedelta(days=1)  # valid on day 1 and 2, not 3
    tractor.save()
    error = _error(dispatcher_api.post(dispatch_url(shipment), body(*fleet)))
    assert "insurance" in error["message"]


def test_paper_valid_through_its_expiry_day(dispatcher_api, fleet, make_shipment):
    driver, _tractor, _trailer = fleet
    driver.licence_expiry = day()
    driver.save()
    assert dispatcher_api.post(dispatch_url(make_shipment()), body(*fleet)).status_code == 200


@pytest.mark.parametrize("status", [DriverStatus.INACTIVE, DriverStatus.SUSPENDED])
def test_driver_not_active_refused(status, dispatcher_api, fleet, make_shipment):
    driver, _, _ = fleet
    driver.status = status
    driver.save()
    error = _error(dispatcher_api.post(dispatch_url(make_shipment()), body(*fleet)))
    assert str(status.label) in error["message"]
    assert driver.user.full_name in error["message"]


def test_wrong_vehicle_type_is_a_conflict(dispatcher_api, fleet, make_shipment):
    driver, tractor, trailer = fleet
    shipment = make_shipment()
    error = _error(dispatcher_api.post(dispatch_url(shipment), body(driver, trailer, tractor)))
    assert f"{trailer} is a Trailer, not a tractor" in error["message"]
    assert f"{tractor} is a Tractor, not a trailer" in error["message"]
    assert len(error["details"]["problems"]) == 2


def test_unknown_ids_are_validation_errors(dispatcher_api, fleet, make_shipment):
    driver, tractor, _ = fleet
    data = body(driver, tractor)
    data["tractorId"] = "00000000-0000-0000-0000-000000000000"
    error = _error(dispatcher_api.post(dispatch_url(make_shipment()), data), 400)
    assert "tractorId" in error["details"]


@pytest.mark.parametrize(
    "status",
    [
        OperationStatus.DRAFT,
        OperationStatus.IN_TRANSIT,
        OperationStatus.DELIVERED,
        OperationStatus.CANCELLED,
    ],
)
def test_status_that_cannot_be_dispatched(status, dispatcher_api, fleet, make_shipment):
    shipment = make_shipment(status=status)
    error = _error(dispatcher_api.post(dispatch_url(shipment), body(*fleet)))
    assert str(status.label) in error["message"]
    assert error["details"]["allowed"] == ["PENDING", "DISPATCHED"]


def test_unknown_shipment_is_404(dispatcher_api, fleet):
    response = dispatcher_api.post(
        "/api/shipments/00000000-0000-0000-0000-000000000000/dispatch", body(*fleet)
    )
    assert _error(response, 404)["code"] == "NOT_FOUND"


# --------------------------------------------------------------------------- versions, re-assign


def test_stale_version_is_409(dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    error = _error(
        dispatcher_api.post(dispatch_url(shipment), body(*fleet, version=shipment.version + 5))
    )
    assert error["details"]["currentVersion"] == shipment.version
    stale = dispatcher_api.post(
        dispatch_url(shipment), body(*fleet), headers={"If-Match": f'"{shipment.version + 1}"'}
    )
    _error(stale)
    ok = dispatcher_api.post(
        dispatch_url(shipment), body(*fleet), headers={"If-Match": str(shipment.version)}
    )
    assert ok.status_code == 200, ok.content


def test_second_assignment_without_version_loses(
    dispatcher_api, api_login, make_user, fleet, make_driver, make_vehicle, make_shipment
):
    """What two dispatchers racing on one PENDING shipment see on SQLite (no threads)."""
    shipment = make_shipment()
    version = shipment.version
    other = api_login(make_user(Role.DISPATCHER))
    first = dispatcher_api.post(dispatch_url(shipment), body(*fleet, version=version))
    crew = (make_driver(), make_vehicle(VehicleType.TRACTOR))
    second = other.post(dispatch_url(shipment), body(*crew, version=version))
    third = other.post(dispatch_url(shipment), body(*crew))
    assert first.status_code == 200
    assert "changed by someone else" in _error(second)["message"]
    assert "already dispatched" in _error(third)["message"]
    assert DriverTask.objects.filter(shipment=shipment).count() == 1


def test_reassign_keeps_history(dispatcher_api, fleet, make_driver, make_vehicle, make_shipment):
    shipment = make_shipment()
    first = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    new_driver = make_driver()
    new_tractor = make_vehicle(VehicleType.TRACTOR)
    response = dispatcher_api.post(
        dispatch_url(shipment),
        body(new_driver, new_tractor, version=first["shipment"]["version"]),
    )
    assert response.status_code == 200, response.content
    second = response.json()
    assert second["id"] != first["id"]
    assert second["driver"]["id"] == str(new_driver.public_id)
    assert second["shipment"]["status"] == "DISPATCHED"
    assert second["shipment"]["version"] > first["shipment"]["version"]
    old = DriverTask.objects.get(public_id=first["id"])
    assert old.status == TaskStatus.CANCELLED
    assert old.closed_at is not None
    assert "Re-assigned" in old.close_reason
    listing = dispatcher_api.get("/api/dispatch/tasks", {"date": day().isoformat()}).json()
    assert {t["id"]: t["status"] for t in listing["items"]} == {
        first["id"]: "CANCELLED",
        second["id"]: "PENDING",
    }
    assignments = ShipmentEvent.objects.filter(shipment=shipment, kind=EventKind.ASSIGNMENT)
    assert assignments.count() == 2
    # the old crew is free again
    other = make_shipment()
    assert dispatcher_api.post(dispatch_url(other), body(*fleet)).status_code == 200


def test_reassign_to_same_driver_is_allowed(dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    first = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    again = dispatcher_api.post(
        dispatch_url(shipment), body(*fleet, version=first["shipment"]["version"])
    )
    assert again.status_code == 200, again.content


def test_unassign(dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    response = dispatcher_api.delete(dispatch_url(shipment))
    assert response.status_code == 200, response.content
    assert response.json()["shipment"]["status"] == "PENDING"
    old = DriverTask.objects.get(public_id=task["id"])
    assert old.status == TaskStatus.CANCELLED
    assert "Unassigned" in old.close_reason
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.PENDING
    assert shipment.events.filter(kind=EventKind.OPERATION_STATUS, to_status="PENDING").exists()
    # and it can be dispatched again
    assert dispatcher_api.post(dispatch_url(shipment), body(*fleet)).status_code == 200


def test_unassign_refused_unless_dispatched(dispatcher_api, make_shipment):
    error = _error(dispatcher_api.delete(dispatch_url(make_shipment())))
    assert error["details"]["allowed"] == ["DISPATCHED"]


def test_unassign_honours_version(dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    dispatcher_api.post(dispatch_url(shipment), body(*fleet))
    _error(dispatcher_api.delete(dispatch_url(shipment), headers={"If-Match": "1"}))


def test_cancelling_a_dispatched_shipment_closes_its_task(dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    response = dispatcher_api.patch(
        f"/api/shipments/{shipment.public_id}/status",
        {"operationStatus": "CANCELLED", "note": "customer called"},
    )
    assert response.status_code == 200, response.content
    closed = DriverTask.objects.get(public_id=task["id"])
    assert closed.status == TaskStatus.CANCELLED
    assert "cancelled" in closed.close_reason


# --------------------------------------------------------------------------- order


def test_reorder_driver_tasks(dispatcher_api, fleet, make_shipment):
    driver = fleet[0]
    ids = []
    for hour in (6, 10, 14):
        shipment = make_shipment(start_hour=hour, end_hour=hour + 3)
        ids.append(dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()["id"])
    wanted = [ids[2], ids[0], ids[1]]
    url = f"/api/dispatch/drivers/{driver.public_id}/order"
    response = dispatcher_api.put(url, {"taskIds": wanted})
    assert response.status_code == 200, response.content
    assert [(t["id"], t["sequence"]) for t in response.json()] == [
        (wanted[0], 1),
        (wanted[1], 2),
        (wanted[2], 3),
    ]
    assert _error(dispatcher_api.put(url, {"taskIds": wanted[:2]}), 400)["code"] == (
        "VALIDATION_ERROR"
    )
    _error(dispatcher_api.put(url, {"taskIds": [*wanted, wanted[0]]}), 400)


def test_reorder_unknown_driver_404(dispatcher_api):
    url = "/api/dispatch/drivers/00000000-0000-0000-0000-000000000000/order"
    _error(dispatcher_api.put(url, {"taskIds": []}), 404)


# --------------------------------------------------------------------------- roles


DISPATCH_CALLS = [
    ("post", "dispatch"),
    ("delete", "dispatch"),
    ("put", "order"),
]


@pytest.mark.parametrize(
    "role", [Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS, Role.DRIVER, Role.OPS, Role.ACCOUNTING]
)
def test_only_dispatchers_dispatch(role, api_login, make_user, make_shipment, fleet):
    client = api_login(make_user(role))
    shipment = make_shipment()
    driver = fleet[0]
    calls = [
        client.post(dispatch_url(shipment), body(*fleet)),
        client.delete(dispatch_url(shipment)),
        client.put(f"/api/dispatch/drivers/{driver.public_id}/order", {"taskIds": []}),
    ]
    for response in calls:
        # a customer cannot even see another company's shipment: 404 for the shipment calls
        assert response.status_code in (403, 404), response.content
    assert calls[2].status_code == 403


@pytest.mark.parametrize("role", [Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS])
def test_customers_get_403_even_on_their_own_shipment(
    role, api_login, make_user, make_customer, make_shipment, fleet
):
    customer = make_customer()
    client = api_login(make_user(role, customer=customer))
    shipment = make_shipment(customer=customer)
    assert client.post(dispatch_url(shipment), body(*fleet)).status_code == 403
    assert client.delete(dispatch_url(shipment)).status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/api/dispatch/availability", "/api/dispatch/board", "/api/dispatch/tasks"],
)
@pytest.mark.parametrize(
    "role", [Role.CUSTOMER_OWNER, Role.CUSTOMER_OPS, Role.DRIVER, Role.ACCOUNTING]
)
def test_dispatch_views_are_internal(path, role, api_login, make_user):
    assert api_login(make_user(role)).get(path).status_code == 403


def test_anonymous_is_401(anon, make_shipment, fleet):
    assert anon.post(dispatch_url(make_shipment()), body(*fleet)).status_code == 401
    assert anon.get("/api/dispatch/board").status_code == 401


def test_admin_may_dispatch(api_login, make_user, make_shipment, fleet):
    admin = api_login(make_user(Role.ADMIN))
    assert admin.post(dispatch_url(make_shipment()), body(*fleet)).status_code == 200


def test_refusal_in_vietnamese_still_names_the_blocker(dispatcher_api, fleet, make_shipment):
    booked = make_shipment(start_hour=8, end_hour=12)
    assert dispatcher_api.post(dispatch_url(booked), body(*fleet)).status_code == 200
    response = dispatcher_api.post(
        dispatch_url(make_shipment(start_hour=9, end_hour=10)),
        body(*fleet),
        headers={"Accept-Language": "vi"},
    )
    error = _error(response)
    assert booked.number in error["message"]
    assert fleet[0].user.full_name in error["message"]

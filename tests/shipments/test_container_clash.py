"""The same container on two active shipments at once (issue 12, item 7): 409 with a reason
code at create, edit and dispatch unless the caller confirms; the answer names the other."""

from datetime import timedelta

from tests.dispatch.conftest import body as crew_body
from unicon.core.roles import Role
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import OperationStatus, Shipment

from .conftest import START, body


def _clash(response, other) -> None:
    assert response.status_code == 409, response.content
    details = response.json()["error"]["details"]
    assert details["reason"] == "CONTAINER_ON_ANOTHER_SHIPMENT"
    assert details["otherShipment"]["number"] == other["number"]
    assert other["number"] in response.json()["error"]["message"]


def test_create_warns_then_accepts_when_confirmed(create, ops_api, company):
    first = create()
    data = body(customerId=str(company.public_id))
    _clash(ops_api.post("/api/shipments", data), first)
    confirmed = ops_api.post("/api/shipments", {**data, "confirmContainer": True})
    assert confirmed.status_code == 201, confirmed.content


def test_no_warning_when_windows_do_not_overlap_or_the_other_is_finished(create, ops_api, company):
    first = create()
    later = START + timedelta(days=2)
    data = body(customerId=str(company.public_id))
    moved = {
        "plannedStart": later.isoformat(),
        "plannedEnd": (later + timedelta(hours=5)).isoformat(),
    }
    assert ops_api.post("/api/shipments", {**data, **moved}).status_code == 201
    Shipment.objects.filter(public_id=first["id"]).update(
        operation_status=OperationStatus.CANCELLED
    )
    # the cancelled one no longer holds the container
    assert ops_api.post("/api/shipments", data).status_code == 201


def test_edit_warns(create, ops_api):
    first = create()
    second = create(containerNumber="MSKU1234565")
    data = body(version=second["version"])
    _clash(ops_api.put(f"/api/shipments/{second['id']}", data), first)
    confirmed = ops_api.put(f"/api/shipments/{second['id']}", {**data, "confirmContainer": True})
    assert confirmed.status_code == 200, confirmed.content


def test_dispatch_warns(create, ops_api, make_user, api_login):
    first = create()
    second = create(confirmContainer=True)
    Shipment.objects.filter(public_id=second["id"]).update(operation_status=OperationStatus.PENDING)
    entity = LegalEntity.objects.create(code="UNI", name="Unicon")
    tractor = Vehicle.objects.create(
        vehicle_type=VehicleType.TRACTOR, plate="51C99999", owner=entity
    )
    driver = Driver.objects.create(
        user=make_user(Role.DRIVER),
        phone="0911111111",
        licence_expiry=START.date() + timedelta(days=400),
    )
    dispatcher = api_login(make_user(Role.DISPATCHER))
    url = f"/api/shipments/{second['id']}/dispatch"
    _clash(dispatcher.post(url, crew_body(driver, tractor)), first)
    confirmed = dispatcher.post(url, crew_body(driver, tractor, confirmContainer=True))
    assert confirmed.status_code == 200, confirmed.content


def test_a_customer_user_is_not_told_of_another_companys_shipment(
    create, owner_api, ops_api, other_company
):
    theirs = create(customerId=str(other_company.public_id))
    mine = owner_api.post("/api/shipments", body())
    assert mine.status_code == 201, mine.content  # nothing said about the other company
    # the office sees the clash when it works on the request
    edit = ops_api.put(f"/api/shipments/{mine.json()['id']}", body(version=mine.json()["version"]))
    _clash(edit, theirs)

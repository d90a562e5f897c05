"""The generator's history of a delivered shipment equals, field by field, what the services
write when the same people make the same moves through the API (ids and times aside): both
build their lines with `shipments.events`, and this test fails when they drift apart."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from unicon.runbook import datagen
from unicon.shipments.models import OperationStatus, Shipment, ShipmentEvent

from ..conftest import PASSWORD
from ..shipments.conftest import body

SMALL = {"customers": 4, "tractors": 6, "trailers": 6, "drivers": 6}
COMPARED = ("kind", "from_status", "to_status", "note", "actor_id", "latitude", "longitude")


@pytest.fixture(autouse=True)
def _english(settings, monkeypatch):
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr(datagen, "DEFAULT_SIZES", SMALL)


def _lines(shipment: Shipment, task_id, stop_ids: dict) -> list[dict]:
    """The history up to delivery, with the task's and stops' public ids named by role."""
    names = {str(task_id): "TASK", **{str(k): f"STOP{v}" for k, v in stop_ids.items()}}
    lines = []
    for event in ShipmentEvent.objects.filter(shipment=shipment).order_by("id"):
        line = {name: getattr(event, name) for name in COMPARED}
        data = (event.data or {}).items()  # noteParams (a dict) holds names, not ids
        line["data"] = {k: names.get(v, v) if isinstance(v, str) else v for k, v in data}
        line["stop"] = event.stop.sequence if event.stop_id else None
        lines.append(line)
        if event.to_status == OperationStatus.DELIVERED:
            break
    return lines


def _generated_delivered() -> Shipment:
    call_command(
        *("generate_data", "--shipments", "80", "--years", "1", "--no-progress"),
        *("--workers", "1"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return (
        Shipment.objects.filter(
            operation_status=OperationStatus.DELIVERED, created_by_customer=False
        )
        .select_related("created_by", "customer")
        .order_by("id")
        .first()
    )


def test_a_generated_life_is_what_the_services_write(api_login):
    original = _generated_delivered()
    assert original is not None, "the generator made no delivered shipment by the office"
    task = original.tasks.select_related("driver__user", "tractor", "trailer").get()
    stops = list(original.stops.order_by("sequence"))
    ops, dispatcher, driver = original.created_by, task.assigned_by, task.driver.user
    for user in (ops, dispatcher, driver):
        user.set_password(PASSWORD)
        user.save()
    visits = {
        (e.stop_id, e.kind): e
        for e in original.events.filter(stop__isnull=False).select_related("stop")
    }

    # the same moves by the same people through the API, on a copy planned ahead
    start = timezone.now() + timedelta(days=40)
    data = body(
        type=original.shipment_type,
        customerId=str(original.customer.public_id),
        plannedStart=start.isoformat(),
        plannedEnd=(start + timedelta(hours=20)).isoformat(),
        confirmContainer=True,
        stops=[
            {"sequence": s.sequence, "locationName": s.location_name, "requiredPhotos": []}
            for s in stops
        ],
    )
    ops_api = api_login(ops)
    created = ops_api.post("/api/shipments", data)
    assert created.status_code == 201, created.content
    copy = Shipment.objects.get(public_id=created.json()["id"])
    submitted = ops_api.patch(
        f"/api/shipments/{copy.public_id}/status", {"operationStatus": "PENDING"}
    )
    assert submitted.status_code == 200, submitted.content
    crew = {"driverId": str(task.driver.public_id), "tractorId": str(task.tractor.public_id)}
    if task.trailer_id:
        crew["trailerId"] = str(task.trailer.public_id)
    dispatched = api_login(dispatcher).post(f"/api/shipments/{copy.public_id}/dispatch", crew)
    assert dispatched.status_code == 200, dispatched.content
    copy_task = copy.tasks.get()
    driver_api = api_login(driver)
    copy_stops = list(copy.stops.order_by("sequence"))
    for stop, copy_stop in zip(stops, copy_stops, strict=True):
        for action, kind in (("check-in", "CHECK_IN"), ("check-out", "CHECK_OUT")):
            seen = visits[(stop.pk, kind)]
            url = f"/api/driver/tasks/{copy_task.public_id}/stops/{copy_stop.public_id}/{action}"
            gps = {"latitude": float(seen.latitude), "longitude": float(seen.longitude)}
            answer = driver_api.post(url, gps)
            assert answer.status_code == 200, answer.content

    generated = _lines(original, task.public_id, {s.public_id: s.sequence for s in stops})
    written = _lines(copy, copy_task.public_id, {s.public_id: s.sequence for s in copy_stops})
    assert [line["to_status"] or line["kind"] for line in generated][-1] == "DELIVERED"
    assert len(generated) == len(written)
    for number, (made, wrote) in enumerate(zip(generated, written, strict=True)):
        assert made == wrote, f"line {number}"

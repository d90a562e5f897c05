"""The timeline board API (issue 13 §2, issue 20 §4): a 1-7 day range, filters and groups,
paged tractor rows of compact bars, late/overrunning flags, papers and status on the row,
the waiting list of the coming days, assigning a request to a row; ≤ 100 KB for a
300-tractor day and a constant number of queries."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from unicon.accounts.models import User
from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Driver, LegalEntity, Ownership, Vehicle, VehicleStatus, VehicleType
from unicon.shipments.models import OperationStatus, Shipment

from .conftest import FAR, at, body, day, dispatch_url

BOARD = "/api/dispatch/board"


def _get(client, path=BOARD, **params):
    response = client.get(path, {k: str(v) for k, v in params.items()})
    assert response.status_code == 200, response.content
    return response.json()


def _rows(board):
    return {row["id"]: row for row in board["tractors"]}


def _bulk_fleet(n: int, trips: int, on: dt.date, customer, prefix: str = "50H") -> None:
    """`n` tractors, each with a regular driver and `trips` dispatched trips on `on` (setup
    in bulk: creating them through the API would take minutes)."""
    entity = LegalEntity.objects.get_or_create(code="GEN", defaults={"name": "Gen"})[0]
    tractors = Vehicle.objects.bulk_create(
        Vehicle(
            plate=f"{prefix}{i:05d}",
            vehicle_type=VehicleType.TRACTOR,
            owner=entity,
            inspection_expiry=FAR,
            insurance_expiry=FAR,
            operation_permit_expiry=FAR,
        )
        for i in range(n)
    )
    trailers = Vehicle.objects.bulk_create(
        Vehicle(plate=f"{prefix[:2]}R{i:05d}", vehicle_type=VehicleType.TRAILER, owner=entity)
        for i in range(n)
    )
    users = User.objects.bulk_create(
        User(
            email=f"{prefix.lower()}-{i}@gen.invalid",
            full_name=f"Tài xế Số {i:03d}",
            role=Role.DRIVER,
        )
        for i in range(n)
    )
    drivers = Driver.objects.bulk_create(
        Driver(
            user=u,
            phone=f"09{hash(prefix) % 10}{i:07d}",
            licence_expiry=FAR,
            default_tractor=t,
            default_trailer=r,
        )
        for i, (u, t, r) in enumerate(zip(users, tractors, trailers, strict=True))
    )
    hours = 20 // trips
    shipments, tasks = [], []
    for i, (driver, tractor, trailer) in enumerate(zip(drivers, tractors, trailers, strict=True)):
        for k in range(trips):
            shipments.append(
                Shipment(
                    number=f"SHP-2098-{prefix}{i:04d}{k}",
                    customer=customer,
                    shipment_type="EXPORT",
                    operation_status=OperationStatus.DISPATCHED,
                    planned_start=at(on, 2 + k * hours),
                    planned_end=at(on, 2 + k * hours + hours - 1),
                    container_number="",
                )
            )
            tasks.append((driver, tractor, trailer, k + 1))
    shipments = Shipment.objects.bulk_create(shipments)
    DriverTask.objects.bulk_create(
        DriverTask(
            shipment=s,
            driver=d,
            tractor=t,
            trailer=r,
            sequence=k,
            planned_start=s.planned_start,
            planned_end=s.planned_end,
        )
        for s, (d, t, r, k) in zip(shipments, tasks, strict=True)
    )


def test_a_three_day_range(dispatcher_api, fleet, make_shipment):
    driver, tractor, trailer = fleet
    first, third, later = (make_shipment(on=day(d)) for d in (3, 5, 6))
    for shipment in (first, third, later):
        assert dispatcher_api.post(dispatch_url(shipment), body(*fleet)).status_code == 200
    board = _get(dispatcher_api, **{"from": day(3).isoformat(), "days": 3})
    assert board["date"] == day(3).isoformat() and board["days"] == 3
    row = _rows(board)[str(tractor.public_id)]
    assert [b["shipment"]["number"] for b in row["tasks"]] == [first.number, third.number]
    bar = row["tasks"][0]
    assert bar["driver"] == {"id": str(driver.public_id), "name": driver.user.full_name}
    assert bar["trailer"]["plate"] == trailer.plate
    assert bar["shipment"]["customer"] == first.customer.code
    assert bar["late"] is False and bar["overrun"] is False
    assert row["driver"]["id"] == str(driver.public_id)  # its regular driver
    one_day = _get(dispatcher_api, date=day(3).isoformat())  # the older form
    assert [b["shipment"]["number"] for b in _rows(one_day)[str(tractor.public_id)]["tasks"]] == [
        first.number
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"days": 8},
        {"days": 0},
        {"from": "2026-13-01"},
        {"date": "31/02/2026"},  # dd/mm/yyyy is read (the page sends it), not a false day
        {"limit": 101},
        {"limit": 0},
        {"page": 0},
        {"groupBy": "colour"},
        {"status": "BROKEN"},
    ],
)
def test_bad_parameters_are_400_naming_them(dispatcher_api, params):
    response = dispatcher_api.get(BOARD, params)
    assert response.status_code == 400, response.content
    assert set(response.json()["error"]["details"]) & {*params, "from", "date"}


def test_filters_groups_and_papers(dispatcher_api, make_vehicle, make_driver, make_user, entity):
    other = LegalEntity.objects.create(code="KH", name="Khánh Huy")
    own = make_vehicle(plate="51C12345")
    broken = make_vehicle(plate="51C67890", status=VehicleStatus.MAINTENANCE, owner=other)
    rented = make_vehicle(
        plate="60C11111",
        ownership=Ownership.RENTAL,
        owner=None,
        rental_company="Vận tải Minh Phát",
        inspection_expiry=day(0) - dt.timedelta(days=1),
        insurance_expiry=day(0) + dt.timedelta(days=10),
    )
    make_vehicle(VehicleType.TRAILER)  # never a row

    everything = _get(dispatcher_api, date=day(0).isoformat())
    assert set(_rows(everything)) == {str(v.public_id) for v in (own, broken, rented)}
    assert [r["groupKey"] for r in everything["tractors"]] == ["KH", "UNI", "RENTAL"]
    papers = _rows(everything)[str(rented.public_id)]["papers"]
    assert [(p["paper"], p["state"]) for p in papers] == [
        ("INSPECTION", "EXPIRED"),
        ("INSURANCE", "EXPIRING_SOON"),
    ]
    assert _rows(everything)[str(broken.public_id)]["status"] == "MAINTENANCE"

    def ids(**params):
        return set(_rows(_get(dispatcher_api, **params)))

    assert ids(q="51c-123") == {str(own.public_id)}
    make_driver(default_tractor=own, licence_expiry=day(0) + dt.timedelta(days=3))
    licence = _rows(_get(dispatcher_api, date=day(0).isoformat()))[str(own.public_id)]["papers"]
    assert [(p["paper"], p["state"]) for p in licence] == [("LICENCE", "EXPIRING_SOON")]
    make_driver(default_tractor=broken, user=make_user(Role.DRIVER, full_name="Lê Văn Tám"))
    assert ids(q="le van tam") == {str(broken.public_id)}
    assert ids(q="Minh Phát") == {str(rented.public_id)}
    assert ids(status="maintenance") == {str(broken.public_id)}
    assert ids(owner="rental") == {str(rented.public_id)}
    assert ids(owner="UNI") == {str(own.public_id)}
    assert ids(groupBy="status", group="MAINTENANCE") == {str(broken.public_id)}
    assert ids(group="KH") == {str(broken.public_id)}
    by_status = _get(dispatcher_api, groupBy="status")
    assert [r["status"] for r in by_status["tractors"]] == ["IN_USE", "IN_USE", "MAINTENANCE"]


def test_tractors_are_paged(dispatcher_api, make_vehicle):
    made = {str(make_vehicle().public_id) for _ in range(7)}
    seen = []
    for page in (1, 2, 3):
        board = _get(dispatcher_api, limit=3, page=page)
        assert (board["total"], board["pages"], board["page"]) == (7, 3, page)
        seen += [r["id"] for r in board["tractors"]]
    assert len(seen) == len(set(seen)) == 7 and set(seen) == made
    assert _get(dispatcher_api, limit=3, page=4)["tractors"] == []
    assert _get(dispatcher_api)["limit"] == 50


def test_a_300_tractor_day_answers_under_100_kb_with_constant_queries(
    dispatcher_api, make_customer
):
    on = day(1)
    customer = make_customer()
    _bulk_fleet(3, 2, on, customer, prefix="51H")

    def measure(**params):
        dispatcher_api.get(BOARD, params)
        with CaptureQueriesContext(connection) as ctx:
            response = dispatcher_api.get(BOARD, params)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    few, _ = measure(date=on.isoformat())
    _bulk_fleet(297, 2, on, customer)
    many, response = measure(date=on.isoformat())
    assert many == few
    assert len(response.content) <= 100_000, len(response.content)
    widest, response = measure(date=on.isoformat(), limit=100)
    assert widest == few
    board = json.loads(response.content)
    zipped = dispatcher_api.get(
        BOARD, {"date": on.isoformat(), "limit": 100}, headers={"Accept-Encoding": "gzip"}
    )
    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) <= 100_000 / 4
    assert board["total"] == 300 and len(board["tractors"]) == 100
    assert all(len(row["tasks"]) == 2 for row in board["tractors"])
    # every bar of the day is on one of the pages
    bars = sum(
        len(row["tasks"])
        for page in (1, 2, 3)
        for row in _get(dispatcher_api, date=on.isoformat(), limit=100, page=page)["tractors"]
    )
    assert bars == 600


def test_late_and_overrunning_trips_stand_out(
    dispatcher_api, make_vehicle, make_driver, make_shipment
):
    now = timezone.now()
    crews = []
    for _ in range(2):
        tractor = make_vehicle()
        crews.append((make_driver(default_tractor=tractor), tractor))
    late = make_shipment(on=day(0))
    running = make_shipment(on=day(0))
    for shipment, (driver, tractor) in zip((late, running), crews, strict=True):
        assert dispatcher_api.post(dispatch_url(shipment), body(driver, tractor)).status_code == 200
    DriverTask.objects.filter(shipment=late).update(
        planned_start=now - dt.timedelta(hours=2), planned_end=now + dt.timedelta(hours=3)
    )
    DriverTask.objects.filter(shipment=running).update(
        status=TaskStatus.IN_PROGRESS,
        planned_start=now - dt.timedelta(hours=5),
        started_at=now - dt.timedelta(hours=5),
        planned_end=now - dt.timedelta(hours=1),
    )
    rows = _rows(_get(dispatcher_api, date=timezone.localdate().isoformat()))
    late_bar = rows[str(crews[0][1].public_id)]["tasks"][0]
    running_bar = rows[str(crews[1][1].public_id)]["tasks"][0]
    assert (late_bar["late"], late_bar["overrun"]) == (True, False)
    assert (running_bar["late"], running_bar["overrun"]) == (False, True)


def test_waiting_list_of_the_coming_days_is_paged(dispatcher_api, make_shipment):
    made = [make_shipment(on=day(d)) for d in (0, 1, 2, 4, 6)]
    make_shipment(on=day(12))  # beyond the coming week
    board = _get(dispatcher_api, date=day(0).isoformat())
    assert [s["number"] for s in board["unassigned"]] == [s.number for s in made]
    seen, cursor = [], None
    while True:
        page = _get(
            dispatcher_api,
            "/api/dispatch/waiting",
            **{"from": day(0).isoformat(), "limit": 2, **({"cursor": cursor} if cursor else {})},
        )
        seen += [s["number"] for s in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == [s.number for s in made]


def test_assign_a_request_to_a_tractor_row(dispatcher_api, fleet, make_vehicle, make_shipment):
    driver, tractor, trailer = fleet
    shipment, second = make_shipment(), make_shipment()
    url = "/api/dispatch/board/assign"
    response = dispatcher_api.post(
        url, {"shipmentId": str(shipment.public_id), "tractorId": str(tractor.public_id)}
    )
    assert response.status_code == 200, response.content
    task = response.json()
    assert task["driver"]["id"] == str(driver.public_id)
    assert task["trailer"]["id"] == str(trailer.public_id)
    busy = dispatcher_api.post(
        url, {"shipmentId": str(second.public_id), "tractorId": str(tractor.public_id)}
    )
    assert busy.status_code == 409
    assert shipment.number in " ".join(busy.json()["error"]["details"]["problems"])
    lonely = make_vehicle()
    alone = dispatcher_api.post(
        url, {"shipmentId": str(second.public_id), "tractorId": str(lonely.public_id)}
    )
    assert alone.status_code == 409
    assert alone.json()["error"]["details"]["reason"] == "NO_REGULAR_DRIVER"
    unknown = "00000000-0000-0000-0000-000000000000"
    assert (
        dispatcher_api.post(
            url, {"shipmentId": str(second.public_id), "tractorId": unknown}
        ).status_code
        == 400
    )
    second.refresh_from_db()
    assert second.operation_status == OperationStatus.PENDING


def test_move_a_trip_to_another_tractor_row(
    dispatcher_api, fleet, make_vehicle, make_driver, make_shipment
):
    """Re-assign from the board: the bar's shipment version is sent back; a stale or missing
    version and a refused crew are 409 with the reasons; nothing changes then."""
    driver, tractor, _trailer = fleet
    other_tractor, other_trailer = make_vehicle(), make_vehicle(VehicleType.TRAILER)
    other = make_driver(default_tractor=other_tractor, default_trailer=other_trailer)
    shipment = make_shipment()
    url = "/api/dispatch/board/assign"
    assert dispatcher_api.post(dispatch_url(shipment), body(*fleet)).status_code == 200
    shipment.refresh_from_db()
    bar = _rows(_get(dispatcher_api, date=day().isoformat()))[str(tractor.public_id)]["tasks"][0]
    assert bar["shipment"]["version"] == shipment.version

    def move(target, **extra):
        data = {"shipmentId": str(shipment.public_id), "tractorId": str(target.public_id)}
        return dispatcher_api.post(url, {**data, **extra})

    missing = move(other_tractor)
    assert missing.status_code == 409 and "already dispatched" in missing.json()["error"]["message"]
    stale = move(other_tractor, version=shipment.version - 1)
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["currentVersion"] == shipment.version
    broken = make_vehicle(status=VehicleStatus.MAINTENANCE)
    make_driver(default_tractor=broken)
    refused = move(broken, version=shipment.version)
    assert refused.status_code == 409
    assert "Maintenance" in " ".join(refused.json()["error"]["details"]["problems"])
    assert DriverTask.objects.active().get(shipment=shipment).driver == driver
    moved = move(other_tractor, version=shipment.version)
    assert moved.status_code == 200, moved.content
    task = moved.json()
    assert task["driver"]["id"] == str(other.public_id)
    assert task["tractor"]["id"] == str(other_tractor.public_id)
    assert task["trailer"]["id"] == str(other_trailer.public_id)
    assert task["shipment"]["version"] > bar["shipment"]["version"]
    rows = _rows(_get(dispatcher_api, date=day().isoformat()))
    assert rows[str(tractor.public_id)]["tasks"] == []
    assert [b["shipment"]["number"] for b in rows[str(other_tractor.public_id)]["tasks"]] == [
        shipment.number
    ]
    # the old bar's version is stale now
    again = move(tractor, version=bar["shipment"]["version"])
    assert again.status_code == 409


def test_roles(api_login, make_user):
    assert api_login(make_user(Role.OPS)).get(BOARD).status_code == 200
    assert api_login(make_user(Role.ACCOUNTING)).get(BOARD).status_code == 403
    ops = api_login(make_user(Role.OPS))
    assert ops.post(
        "/api/dispatch/board/assign", {"shipmentId": "x", "tractorId": "y"}
    ).status_code in (
        403,
        422,
    )

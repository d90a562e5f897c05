"""Repair and maintenance logs through the API: lines and totals, next service due, review."""

import datetime as dt

import pytest

from tests.costs.conftest import jpeg_bytes, multipart, upload_file
from unicon.core.roles import Role


def repair(client, tractor, day, lines=None, **extra):
    body = {
        "vehicleId": str(tractor.public_id),
        "repairedOn": day.isoformat(),
        "garage": "Gara Minh Phát",
        "lines": lines
        or [
            {"kind": "PART", "description": "Lọc nhớt", "quantity": "2", "unitPrice": 185_000},
            {"kind": "PART", "description": "Nhớt 15W40", "quantity": "18.5", "unitPrice": 98_500},
            {
                "kind": "LABOUR",
                "description": "Công thay nhớt",
                "quantity": "1",
                "unitPrice": 150_000,
            },
        ],
        **extra,
    }
    return client.post("/api/repair-logs", body)


def test_lines_and_total(login_as, tractor, today):
    response = repair(login_as(Role.DISPATCHER), tractor, today, odometerKm=120_000)
    assert response.status_code == 201, response.content
    log = response.json()
    assert [line["amount"] for line in log["lines"]] == [370_000, 1_822_250, 150_000]
    assert log["total"] == 2_342_250
    assert log["status"] == "PENDING"


@pytest.mark.parametrize(
    "lines",
    [
        [{"kind": "PART", "description": "x", "quantity": "0", "unitPrice": 1}],
        [{"kind": "TYRE", "description": "x", "quantity": "1", "unitPrice": 1}],
        [{"kind": "PART", "description": "x", "quantity": "1", "unitPrice": -5}],
    ],
)
def test_bad_lines_are_refused(login_as, tractor, today, lines):
    response = repair(login_as(Role.ACCOUNTING), tractor, today, lines=lines)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_next_service_due_and_review(login_as, tractor, today):
    accounting = login_as(Role.ACCOUNTING)
    too_early = repair(accounting, tractor, today, nextServiceOn=today.isoformat())
    assert too_early.status_code == 400
    log = repair(
        accounting,
        tractor,
        today - dt.timedelta(days=60),
        odometerKm=100_000,
        nextServiceOn=(today + dt.timedelta(days=10)).isoformat(),
        nextServiceKm=110_000,
    ).json()
    due = accounting.get("/api/repair-logs/due").json()
    assert [row["id"] for row in due] == [log["id"]]
    path = f"/api/repair-logs/{log['id']}"
    rejected = accounting.post(f"{path}/review", {"status": "REJECTED", "reason": "thiếu hóa đơn"})
    assert rejected.json()["status"] == "REJECTED"
    assert accounting.get("/api/repair-logs/due").json() == []
    fixed = accounting.put(
        path,
        {
            "vehicleId": str(tractor.public_id),
            "repairedOn": (today - dt.timedelta(days=60)).isoformat(),
            "lines": [
                {"kind": "LABOUR", "description": "Bảo dưỡng", "quantity": "1", "unitPrice": 1}
            ],
        },
    )
    assert fixed.status_code == 200
    assert (fixed.json()["status"], fixed.json()["total"]) == ("PENDING", 1)
    assert (
        accounting.post(f"{path}/review", {"status": "CONFIRMED"}).json()["status"] == "CONFIRMED"
    )
    assert (
        accounting.put(path, {**fixed.json(), "vehicleId": str(tractor.public_id)}).status_code
        == 403
    )


def test_invoice_file_and_roles(login_as, driver_client, tractor, today):
    mine = repair(driver_client, tractor, today)
    assert mine.status_code == 201
    path = f"/api/repair-logs/{mine.json()['id']}"
    added = multipart(driver_client, f"{path}/files", {"file": upload_file(jpeg_bytes())})
    assert added.status_code == 201
    assert [f["kind"] for f in added.json()["files"]] == ["INVOICE"]
    other = login_as(Role.DRIVER)
    assert other.get(path).status_code in (403, 404)
    assert login_as(Role.CUSTOMER_OPS).get("/api/repair-logs").status_code == 403
    assert driver_client.post(f"{path}/review", {"status": "CONFIRMED"}).status_code == 403


def test_driver_sees_only_own_services_due(login_as, driver_client, tractor, make_vehicle, today):
    due = {"nextServiceOn": (today + dt.timedelta(days=5)).isoformat()}
    mine = repair(driver_client, tractor, today, **due).json()
    repair(login_as(Role.ACCOUNTING), make_vehicle(), today, **due)
    assert [row["id"] for row in driver_client.get("/api/repair-logs/due").json()] == [mine["id"]]
    assert len(login_as(Role.ACCOUNTING).get("/api/repair-logs/due").json()) == 2


def test_service_reminders_reach_dispatchers_once(login_as, make_vehicle, today):
    """The daily job announces services due within 7 days, overdue, or within 1,000 km of the
    highest known odometer; once per repair log and step; not for vehicles out of service."""
    from io import StringIO

    from django.core.management import call_command

    from unicon.fleet.models import VehicleStatus
    from unicon.notifications.services import list_notifications

    accounting, dispatcher = login_as(Role.ACCOUNTING), login_as(Role.DISPATCHER)
    ago = today - dt.timedelta(days=90)
    soon, late, worn, fine, sold = (
        make_vehicle(plate=p) for p in ("51C11111", "51C22222", "51C33333", "51C44444", "51C55555")
    )
    sold.status = VehicleStatus.OUT_OF_SERVICE
    sold.save()
    in_days = lambda n: (today + dt.timedelta(days=n)).isoformat()  # noqa: E731
    for vehicle, extra in (
        (soon, {"nextServiceOn": in_days(5)}),
        (late, {"nextServiceOn": in_days(-2)}),
        (worn, {"odometerKm": 100_000, "nextServiceKm": 110_000}),
        (fine, {"nextServiceOn": in_days(30)}),
        (sold, {"nextServiceOn": in_days(1)}),
    ):
        assert repair(accounting, vehicle, ago, **extra).status_code == 201
    later = repair(accounting, worn, today, odometerKm=109_400)  # a log without a plan
    assert later.status_code == 201

    def run() -> str:
        out = StringIO()
        call_command("jobs", "run", "service-reminders", stdout=out)
        return out.getvalue()

    assert "3 reminder(s)" in run()
    assert "0 reminder(s)" in run()  # the same day again: nothing new
    titles = sorted(n.title for n in list_notifications(dispatcher.user).items)
    assert titles == [
        f"51C-111.11: service due on {today + dt.timedelta(days=5):%d/%m/%Y} (5 days)",
        f"51C-222.22: service was due on {today - dt.timedelta(days=2):%d/%m/%Y}",
        "51C-333.33: service due at 110.000 km (odometer 109.400 km)",
    ]
    assert list_notifications(accounting.user).items == []

"""Fuel logs through the API: arithmetic, consumption on a known sequence, flags, review
states and who may do what."""

import pytest

from tests.costs.conftest import at, jpeg_bytes, multipart, stored_files, upload_file
from unicon.core.roles import Role


def fill(client, tractor, days_ago, litres, odometer, price=20_000, **extra):
    body = {
        "vehicleId": str(tractor.public_id),
        "filledAt": at(days_ago),
        "litres": str(litres),
        "unitPrice": price,
        "odometerKm": odometer,
        **extra,
    }
    return client.post("/api/fuel-logs", body)


def test_amount_is_checked_against_litres_times_price(login_as, tractor):
    accounting = login_as(Role.ACCOUNTING)
    computed = fill(accounting, tractor, 1, "100.505", 1000, price=20_140)
    assert computed.status_code == 201, computed.content
    assert computed.json()["amount"] == 2_024_171  # 100.505 × 20 140 = 2 024 170.7 → half up
    within = fill(accounting, tractor, 2, "50.000", 900, price=20_140, amount=1_007_010)
    assert within.status_code == 201  # 1 007 000 exact; 0.0005 L × 20 140 ≈ 10 đ tolerated
    wrong = fill(accounting, tractor, 3, "50.000", 800, price=20_140, amount=1_100_000)
    assert wrong.status_code == 400
    assert wrong.json()["error"]["details"]["amount"]


def test_consumption_between_consecutive_fills_and_flags(login_as, tractor):
    accounting = login_as(Role.ACCOUNTING)
    # odometer 10 000 → 10 500 → 11 000 → 11 600 → 12 000: 35 L/100 km for 4 fills
    sequence = [(10, 300, 10_000), (8, 175, 10_500), (6, 175, 11_000), (4, 210, 11_600)]
    for days, litres, km in sequence:
        assert fill(accounting, tractor, days, litres, km).status_code == 201
    usual = fill(accounting, tractor, 3, 140, 12_000).json()
    assert usual["distanceKm"] == 400
    assert usual["consumption"] == "35.00"
    assert usual["usualConsumption"] == "35.00"
    assert usual["consumptionAbnormal"] is False
    thirsty = fill(accounting, tractor, 2, 250, 12_500).json()  # 50 L/100 km > 1.3 × 35
    assert thirsty["consumption"] == "50.00"
    assert thirsty["consumptionAbnormal"] is True
    backwards = fill(accounting, tractor, 1, 100, 12_100).json()
    assert backwards["odometerBackwards"] is True
    assert backwards["consumption"] is None
    flagged = accounting.get("/api/fuel-logs", {"flagged": "true"}).json()["items"]
    assert {row["id"] for row in flagged} == {thirsty["id"], backwards["id"]}


def test_a_fill_entered_late_is_placed_in_time_order(login_as, tractor):
    accounting = login_as(Role.ACCOUNTING)
    fill(accounting, tractor, 5, 100, 1_000)
    last = fill(accounting, tractor, 1, 100, 2_000).json()
    assert last["distanceKm"] == 1_000
    fill(accounting, tractor, 3, 100, 1_500)  # entered afterwards, happened in between
    assert accounting.get(f"/api/fuel-logs/{last['id']}").json()["distanceKm"] == 500


def test_rejected_fill_is_left_out_of_consumption(login_as, tractor):
    accounting = login_as(Role.ACCOUNTING)
    fill(accounting, tractor, 5, 100, 1_000)
    wrong = fill(accounting, tractor, 3, 100, 100).json()
    last = fill(accounting, tractor, 1, 100, 1_400).json()
    assert wrong["odometerBackwards"] is True
    no_reason = accounting.post(f"/api/fuel-logs/{wrong['id']}/review", {"status": "REJECTED"})
    assert no_reason.status_code == 400
    rejected = accounting.post(
        f"/api/fuel-logs/{wrong['id']}/review", {"status": "REJECTED", "reason": "sai số km"}
    ).json()
    assert rejected["status"] == "REJECTED"
    assert rejected["rejectionReason"] == "sai số km"
    assert accounting.get(f"/api/fuel-logs/{last['id']}").json()["distanceKm"] == 400


def test_review_states_and_roles(login_as, driver_client, tractor):
    dispatcher = login_as(Role.DISPATCHER)
    created = fill(dispatcher, tractor, 1, 60, 5_000).json()
    assert created["status"] == "PENDING"
    path = f"/api/fuel-logs/{created['id']}/review"
    assert dispatcher.post(path, {"status": "CONFIRMED"}).status_code == 403
    assert driver_client.post(path, {"status": "CONFIRMED"}).status_code == 404  # not theirs
    accounting = login_as(Role.ACCOUNTING)
    confirmed = accounting.post(path, {"status": "CONFIRMED"})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "CONFIRMED"
    again = accounting.post(path, {"status": "REJECTED", "reason": "x"})
    assert again.status_code == 400
    edit = dispatcher.put(
        f"/api/fuel-logs/{created['id']}",
        {"vehicleId": str(tractor.public_id), "filledAt": at(1), "litres": "61", "unitPrice": 1},
    )
    assert edit.status_code == 403


@pytest.mark.parametrize("role", [Role.OPS, Role.CUSTOMER_OWNER])
def test_roles_that_may_not_enter_fuel(login_as, tractor, role):
    client = login_as(role)
    assert fill(client, tractor, 1, 50, 100).status_code == 403


def test_driver_enters_own_fill_and_sees_only_own(login_as, driver_client, tractor):
    mine = fill(driver_client, tractor, 1, 80, 7_000)
    assert mine.status_code == 201, mine.content
    assert mine.json()["driver"]["label"] == "Nguyễn Văn Tài"
    fill(login_as(Role.ACCOUNTING), tractor, 2, 80, 6_500)
    listed = driver_client.get("/api/fuel-logs").json()["items"]
    assert [row["id"] for row in listed] == [mine.json()["id"]]


def test_receipt_photo_is_checked_and_stored(login_as, tractor, _media):
    accounting = login_as(Role.ACCOUNTING)
    log = fill(accounting, tractor, 1, 50, 100).json()
    path = f"/api/fuel-logs/{log['id']}/files"
    fake = multipart(accounting, path, {"file": upload_file(b"<html>", "r.jpg"), "kind": "RECEIPT"})
    assert fake.status_code == 400
    assert stored_files(_media) == []
    good = multipart(accounting, path, {"file": upload_file(jpeg_bytes()), "kind": "PUMP"})
    assert good.status_code == 201, good.content
    [stored] = good.json()["files"]
    assert stored["kind"] == "PUMP"
    download = accounting.get(stored["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert login_as(Role.CUSTOMER_OWNER).get(stored["url"]).status_code == 403


def test_list_filters_refuse_bad_values(login_as):
    accounting = login_as(Role.ACCOUNTING)
    for params in ({"status": "DONE"}, {"dateFrom": "31/02/2026"}, {"vehicle": "nope"}):
        response = accounting.get("/api/fuel-logs", params)
        assert response.status_code == 400, params
        error = response.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert set(error["details"]) == set(params)  # named as in the request, like every list
    # dd/mm/yyyy is a day like ISO (issue 13 point 7); only an impossible day is refused
    assert accounting.get("/api/fuel-logs", {"dateFrom": "31/12/2026"}).status_code == 200


def test_only_tractors_take_fuel(login_as, make_vehicle):
    from unicon.fleet.models import VehicleType

    trailer = make_vehicle(VehicleType.TRAILER)
    assert fill(login_as(Role.ACCOUNTING), trailer, 1, 50, 100).status_code == 400


def test_list_query_count_does_not_grow_with_the_page(login_as, make_vehicle):
    from tests.customers.fixtures import query_count

    accounting = login_as(Role.ACCOUNTING)
    tractors = [make_vehicle() for _ in range(3)]
    for i in range(12):
        fill(accounting, tractors[i % 3], 20 - i, 50, 1000 + 100 * i)
    small = query_count(accounting, "/api/fuel-logs", {"limit": 2})
    large = query_count(accounting, "/api/fuel-logs", {"limit": 12})
    assert small == large

"""Scheduled reminders and the late check-in: who hears them, once."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.dispatch.conftest import at, body, day, dispatch_url
from unicon.core.roles import Role
from unicon.notifications.models import Event, Notification
from unicon.notifications.services import list_notifications


def run(job: str) -> str:
    out = StringIO()
    call_command("jobs", "run", job, stdout=out)
    return out.getvalue()


def titles(user) -> list[str]:
    return sorted(n.title for n in list_notifications(user).items)


@pytest.fixture
def staff(make_user, dispatcher):
    return {"dispatcher": dispatcher, "admin": make_user(Role.ADMIN), "ops": make_user(Role.OPS)}


def test_paper_reminders_30_7_1_days_and_expired_once(staff, make_vehicle, make_driver):
    today = timezone.localdate()
    in_days = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    make_vehicle(plate="51C12345", inspection_expiry=in_days(7))
    make_vehicle(plate="51C23456", insurance_expiry=in_days(-3))
    make_vehicle(plate="51C34567", operation_permit_expiry=in_days(45))  # not yet
    make_driver(licence_expiry=in_days(1)).user.full_name = "Driver"
    assert "3 reminder(s)" in run("paper-reminders")
    assert "0 reminder(s)" in run("paper-reminders")  # the same day again: nothing new
    expected = [
        f"51C-123.45: inspection valid until {in_days(7):%d/%m/%Y} (7 days)",
        f"51C-234.56: insurance expired on {in_days(-3):%d/%m/%Y}",
    ]
    got = titles(staff["dispatcher"])
    assert [t for t in got if t.startswith("51C")] == expected
    assert any("driving licence valid until" in t and "(1 days)" in t for t in got)
    assert titles(staff["admin"]) == got
    assert titles(staff["ops"]) == []


def test_trip_not_started_tells_dispatchers_once(staff, dispatcher_api, fleet, make_shipment):
    shipment = make_shipment()
    assert dispatcher_api.post(dispatch_url(shipment), body(*fleet)).status_code == 200
    with time_machine.travel(shipment.planned_start + dt.timedelta(minutes=45)):
        assert "1 late trip(s)" in run("trips-not-started")
        assert "0 late trip(s)" in run("trips-not-started")
    planned = timezone.localtime(shipment.planned_start).strftime("%d/%m/%Y %H:%M")
    assert titles(staff["dispatcher"]) == [f"{shipment.number} should have started at {planned}"]


def test_late_check_in_and_trip_events(
    staff, dispatcher_api, fleet, make_shipment, api_login, django_capture_on_commit_callbacks
):
    driver, _tractor, _trailer = fleet
    shipment = make_shipment(stops=2)
    with django_capture_on_commit_callbacks(execute=True):  # the fan-out runs after the commit
        task = dispatcher_api.post(dispatch_url(shipment), body(*fleet)).json()
    stop = shipment.stops.order_by("sequence").first()
    with time_machine.travel(at(day(), 9, 10)):  # planned arrival 08:00, margin 30 min
        driver_api = api_login(driver.user)
        url = f"/api/driver/tasks/{task['id']}/stops/{stop.public_id}/check-in"
        with django_capture_on_commit_callbacks(execute=True):
            assert driver_api.post(url).status_code == 200
    assert titles(staff["dispatcher"]) == [
        f"{shipment.number}: check-in at {stop.location_name} 70 min late"
    ]
    kinds = set(Event.objects.values_list("type", flat=True))
    assert kinds == {"shipment.dispatched", "shipment.started", "shipment.checkin_late"}
    # the driver acted: the driver is not told about their own check-in
    assert not Notification.objects.filter(user=driver.user, type="shipment.started").exists()

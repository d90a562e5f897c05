"""Lists and dates on a 390 px phone (issue 13 point 7), in real Chromium with an American
browser locale: the customer's shipment list keeps container and status, the vehicle and
driver lists keep their paper badges, nothing scrolls sideways, and date inputs read and
write dd/mm/yyyy."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.fleet.models import Vehicle, VehicleType
from unicon.shipments.models import OperationStatus, Shipment

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]

PHONE = {"width": 390, "height": 844}
CHECKS = Path(__file__).with_name("phone_checks.js")


def _phone(login, user):
    # en-US: the browser's own date format would be mm/dd/yyyy
    return login(user, viewport=PHONE, locale="en-US", service_workers="block")


def _on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def _fits(page) -> None:
    page.add_script_tag(path=str(CHECKS))
    width, screen = page.evaluate("uniconOverflow()")
    assert width <= screen, f"page is {width} px wide on a {screen} px screen"


def test_customer_list_keeps_container_and_status(login, make_user, make_customer, shot):
    customer = make_customer(name="Công ty Cổ phần Sữa Việt Nam — Chi nhánh Bình Dương")
    now = timezone.now()
    for n, status in enumerate((OperationStatus.PENDING, OperationStatus.IN_TRANSIT), 1):
        Shipment.objects.create(
            number=f"SHP-2099-064{n}",
            customer=customer,
            shipment_type="EXPORT",
            operation_status=status,
            planned_start=now,
            planned_end=now + dt.timedelta(hours=4),
            container_number=f"MSKU123456{n}",
        )
    page = _phone(login, make_user(Role.CUSTOMER_OWNER, customer=customer))
    page.goto("/customer/")
    for n in (1, 2):
        row = page.locator("tr", has_text=f"SHP-2099-064{n}")
        assert _on_screen(row.get_by_text(f"MSKU123456{n}"))
        assert _on_screen(row.locator(".badge.status-" + ("pending" if n == 1 else "in_transit")))
        assert row.locator("td[data-label]").first.is_visible()
    _fits(page)
    shot(page, "customer-list-390")
    # the date filter: typed as digits, shown and sent dd/mm/yyyy, read as the day it says
    shown = page.locator("#f-from")
    shown.click()
    shown.press_sequentially("05122026")
    assert shown.input_value() == "05/12/2026"
    shown.press("Tab")
    page.wait_for_url(re.compile(r"dateFrom=05(%2F|/)12(%2F|/)2026"))
    assert "Enter a date" not in page.locator("main").inner_text()
    # opened from that address, the field shows the day the same way
    page.goto("/customer/?dateFrom=2026-12-05")
    assert page.locator("#f-from").input_value() == "05/12/2026"


def test_vehicle_and_driver_lists_keep_paper_badges(
    login, make_user, make_vehicle, make_driver, shot
):
    today = timezone.localdate()
    make_vehicle(VehicleType.TRACTOR, inspection_expiry=today - dt.timedelta(days=3))
    make_driver(licence_expiry=today + dt.timedelta(days=5))
    page = _phone(login, make_user(Role.DISPATCHER))
    page.goto("/resources/vehicles/")
    badge = page.locator("td .badge.expired").first
    assert badge.is_visible() and _on_screen(badge)
    _fits(page)
    shot(page, "vehicles-390")
    page.goto("/resources/drivers/")
    badge = page.locator("td .badge.soon").first
    assert badge.is_visible() and _on_screen(badge)
    _fits(page)


def test_vehicle_form_dates_are_day_first(login, make_user, make_vehicle):
    vehicle = make_vehicle(VehicleType.TRACTOR, inspection_expiry=dt.date(2030, 12, 5))
    page = _phone(login, make_user(Role.OPS))
    page.goto(f"/resources/vehicles/{vehicle.public_id}/edit/")
    field = page.locator("#f-inspection_expiry")
    assert field.input_value() == "05/12/2030"
    field.fill("2031-03-04")  # pasted as ISO: shown day first
    assert field.input_value() == "04/03/2031"
    field.fill("")
    field.press_sequentially("01022031")
    assert field.input_value() == "01/02/2031"
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    vehicle = Vehicle.objects.get(pk=vehicle.pk)
    assert vehicle.inspection_expiry == dt.date(2031, 2, 1)


def test_tables_outside_list_cards_become_cards(login, make_user, shot):
    """The account's open sessions and the notification preferences (tables outside
    `.table-wrap`) are labelled cards at 390 px: each row's kind and last-seen cells (the
    identifying and status columns) stay on screen with their names; nothing scrolls."""
    user = make_user(Role.DISPATCHER)
    page = _phone(login, user)
    page.goto("/account/sessions/")
    table = page.locator("main table").first
    assert "stack" in (table.get_attribute("class") or "")
    row = table.locator("tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cells = row.locator("td")
    labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
    head = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    assert labels[:6] == head[:6] and all(labels[:6])
    for i in (0, 2):  # kind ("this one"), last seen
        assert _on_screen(cells.nth(i)), labels[i]
    _fits(page)
    shot(page, "phone-sessions")
    page.goto("/notifications/preferences/")
    prefs = page.locator("main table").first
    assert "stack" in (prefs.get_attribute("class") or "")
    first = prefs.locator("tbody tr").first.locator("td")
    assert first.nth(1).get_attribute("data-label") and _on_screen(first.nth(1))
    _fits(page)

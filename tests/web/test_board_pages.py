"""The dispatcher's timeline board page (issue 13 §2) and the crew pickers' reasons, through
the pages only: rows, bars, range, filters, paging, the waiting list, assigning by choosing
a request and a row (no JavaScript needed), Vietnamese labels. (The page's constant query
count: tests/web/test_dispatch_driver.py.)"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Vehicle, VehicleStatus, VehicleType
from unicon.shipments.models import OperationStatus

from .conftest import day


@pytest.fixture
def dispatcher_web(make_user, web):
    return web(make_user(Role.DISPATCHER))


@pytest.fixture
def booked(dispatcher_web, fleet, make_shipment):
    """The fleet crew booked on a shipment 08:00-17:00 of day()."""
    shipment = make_shipment()
    _assign(dispatcher_web, shipment, *fleet)
    shipment.refresh_from_db()
    return shipment


def _crew(driver, tractor, trailer=None) -> dict:
    data = {"driver_id": str(driver.public_id), "tractor_id": str(tractor.public_id)}
    if trailer:
        data["trailer_id"] = str(trailer.public_id)
    return data


def _assign(client, shipment, *crew):
    response = client.post(
        f"/dispatcher/assign/{shipment.public_id}/", {**_crew(*crew), "version": shipment.version}
    )
    assert response.status_code == 302, response.content


def test_rows_bars_and_the_waiting_list(dispatcher_web, fleet, make_shipment, make_vehicle):
    driver, tractor, trailer = fleet
    broken = make_vehicle(
        status=VehicleStatus.MAINTENANCE, inspection_expiry=day() - dt.timedelta(days=1)
    )
    trip = make_shipment(start_hour=8, end_hour=12)
    _assign(dispatcher_web, trip, driver, tractor, trailer)
    waiting_today, waiting_later = make_shipment(), make_shipment(on=day(5))
    page = dispatcher_web.get("/dispatcher/", {"date": day().isoformat()}).content.decode()
    assert f'data-row="{tractor.public_id}"' in page and f'data-row="{broken.public_id}"' in page
    assert 'class="task bar st-pending' in page and f">{trip.number}</a>" in page
    assert "left:33.333%;width:16.667%" in page  # 08:00-12:00 of a day
    assert waiting_today.number in page and waiting_later.number in page  # coming days
    assert "Maintenance" in page and "inspection expired" in page
    three = dispatcher_web.get("/dispatcher/", {"from": day().isoformat(), "days": "3"})
    assert "3 days from" in three.content.decode()
    assert "left:11.111%;width:5.556%" in three.content.decode()  # the same trip over 3 days
    partial = dispatcher_web.get(
        "/dispatcher/",
        {"date": day().isoformat()},
        headers={"HX-Request": "true", "HX-Target": "board"},
    ).content.decode()
    assert trip.number in partial and "<html" not in partial


def test_filters_and_pages(dispatcher_web, make_vehicle):
    plates = [make_vehicle().plate for _ in range(5)]
    page = dispatcher_web.get("/dispatcher/", {"limit": "2"}).content.decode()
    assert "Page 1 of 3" in page
    found = dispatcher_web.get("/dispatcher/", {"q": plates[3]}).content.decode()
    assert found.count('data-row="') == 1
    bad = dispatcher_web.get("/dispatcher/", {"days": "9"})
    assert (
        bad.status_code == 200
        and "days" in bad.content.decode()
        and 'role="alert"' in bad.content.decode()
    )


def test_assign_by_choosing_a_request_and_a_row(dispatcher_web, fleet, make_shipment, make_vehicle):
    driver, tractor, trailer = fleet
    shipment = make_shipment()
    back = f"/dispatcher/?date={day().isoformat()}"
    nothing = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {"tractor_id": str(tractor.public_id), "next": back},
        follow=True,
    )
    assert "Choose a waiting request first" in nothing.content.decode()
    done = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {
            "shipment_id": str(shipment.public_id),
            "tractor_id": str(tractor.public_id),
            "next": back,
        },
    )
    assert done.status_code == 302 and done["Location"] == back
    task = DriverTask.objects.get(shipment=shipment)
    assert (task.driver, task.tractor, task.trailer) == (driver, tractor, trailer)
    # a tractor without a regular driver: the full form with that tractor chosen
    lonely = make_vehicle()
    other = make_shipment()
    refused = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {"shipment_id": str(other.public_id), "tractor_id": str(lonely.public_id), "next": back},
    )
    assert refused.status_code == 302
    assert refused["Location"].startswith(f"/dispatcher/assign/{other.public_id}/?tractor_id=")
    form = dispatcher_web.get(refused["Location"]).content.decode()
    assert f'value="{lonely.public_id}" selected' in form.replace(' class="unavailable"', "")
    other.refresh_from_db()
    assert other.operation_status == OperationStatus.PENDING
    # an outside "next" is not followed
    third = make_shipment(on=day(4))
    away = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {
            "shipment_id": str(third.public_id),
            "tractor_id": str(tractor.public_id),
            "next": "https://evil.example/",
        },
    )
    assert away["Location"] == "/dispatcher/"


def test_late_and_overrunning_stand_out(dispatcher_web, fleet, make_shipment):
    shipment = make_shipment(on=day(0))
    _assign(dispatcher_web, shipment, *fleet)
    now = timezone.now()
    DriverTask.objects.filter(shipment=shipment).update(
        status=TaskStatus.IN_PROGRESS,
        planned_start=now - dt.timedelta(hours=4),
        started_at=now - dt.timedelta(hours=4),
        planned_end=now - dt.timedelta(hours=1),
    )
    page = dispatcher_web.get("/dispatcher/").content.decode()
    assert "st-in_progress overrun" in page and "overrunning" in page


def test_vietnamese_board(dispatcher_web, fleet, make_shipment, make_vehicle, settings):
    settings.LANGUAGE_CODE = "vi"
    make_vehicle(status=VehicleStatus.OUT_OF_SERVICE)
    trip = make_shipment()
    _assign(dispatcher_web, trip, *fleet)
    make_shipment()
    page = dispatcher_web.get("/dispatcher/", {"date": day().isoformat()}).content.decode()
    for text in ("Giao xe này", "Chờ điều phối", "Ngừng sử dụng", "Nhóm theo", "Chú thích"):
        assert text in page, text
    assert "Assign here" not in page and "Overrunning" not in page


def test_the_assign_page_shows_the_reasons(
    web, make_user, booked, fleet, make_shipment, make_vehicle
):
    driver, _tractor, _trailer = fleet
    broken = make_vehicle(VehicleType.TRACTOR, status=VehicleStatus.MAINTENANCE)
    client = web(make_user(Role.DISPATCHER))
    other = make_shipment(start_hour=9, end_hour=12)
    page = client.get(f"/dispatcher/assign/{other.public_id}/").content.decode()
    assert "busy or papers expired" not in page
    assert f"booked on {booked.number}" in page
    assert f"{broken} — Maintenance" in page
    # re-assigning: the current driver is offered as available
    own = client.get(f"/dispatcher/assign/{booked.public_id}/").content.decode()
    option = next(line for line in own.splitlines() if str(driver.public_id) in line)
    assert "booked on" not in option and 'class="unavailable"' not in option


def test_vietnamese_reasons_and_the_in_service_label(
    web, make_user, booked, make_shipment, make_vehicle, settings
):
    settings.LANGUAGE_CODE = "vi"
    make_vehicle(VehicleType.TRACTOR, status=VehicleStatus.MAINTENANCE)
    client = web(make_user(Role.DISPATCHER))
    other = make_shipment(start_hour=9, end_hour=12)
    page = client.get(f"/dispatcher/assign/{other.public_id}/").content.decode()
    assert f"đã xếp cho {booked.number}" in page
    assert "Đang bảo dưỡng" in page
    vehicles = client.get("/resources/vehicles/").content.decode()
    assert "Đang hoạt động" in vehicles and "Đang sử dụng" not in vehicles


def test_move_a_trip_bar_to_another_row(
    dispatcher_web, booked, fleet, make_vehicle, make_driver, settings
):
    """The no-JS "⇄ move to…" of a waiting trip's bar: a page of tractor rows (ready first,
    the others with their reasons), each a button posting the bar's version; a stale version
    or a refused row leads to the full form with the reasons; a good one moves the trip."""
    driver, _tractor, _trailer = fleet
    spare_tractor, spare_trailer = make_vehicle(), make_vehicle(VehicleType.TRAILER)
    spare = make_driver(default_tractor=spare_tractor, default_trailer=spare_trailer)
    broken = make_vehicle(status=VehicleStatus.MAINTENANCE)
    make_driver(default_tractor=broken)
    back = f"/dispatcher/?date={day().isoformat()}"
    board = dispatcher_web.get(back).content.decode()
    assert f'data-move="{booked.public_id}" data-version="{booked.version}"' in board
    link = f"/dispatcher/board/move/{booked.public_id}/?version={booked.version}"
    assert link in board
    page = dispatcher_web.get(link, {"next": back}).content.decode()
    assert f'value="{spare_tractor.public_id}"' in page and str(spare) in page
    assert page.index(str(spare_tractor)) < page.index(str(broken))  # ready rows first
    assert f"{broken}</strong></td>" in page and "Maintenance" in page
    searched = dispatcher_web.get(link, {"q": str(broken)}).content.decode()
    assert str(broken) in searched and str(spare_tractor) not in searched

    def post(target, version):
        return dispatcher_web.post(
            "/dispatcher/board/assign/",
            {
                "shipment_id": str(booked.public_id),
                "tractor_id": str(target.public_id),
                "version": version,
                "next": back,
            },
        )

    stale = post(spare_tractor, booked.version - 1)
    assert stale["Location"].startswith(f"/dispatcher/assign/{booked.public_id}/?tractor_id=")
    form = dispatcher_web.get(stale["Location"]).content.decode()
    assert "changed by someone else" in form
    assert f'value="{spare_tractor.public_id}" selected' in form.replace(' class="unavailable"', "")
    refused = post(broken, booked.version)
    assert refused["Location"].startswith(f"/dispatcher/assign/{booked.public_id}/")
    assert "Maintenance" in dispatcher_web.get(refused["Location"]).content.decode()
    assert DriverTask.objects.active().get(shipment=booked).driver == driver
    moved = post(spare_tractor, booked.version)
    assert moved.status_code == 302 and moved["Location"] == back
    task = DriverTask.objects.active().get(shipment=booked)
    assert (task.driver, task.tractor, task.trailer) == (spare, spare_tractor, spare_trailer)
    assert "assigned to" in dispatcher_web.get(back).content.decode()
    settings.LANGUAGE_CODE = "vi"
    viet = dispatcher_web.get(link).content.decode()
    assert "Chuyển sang xe này" in viet and "Move here" not in viet


def test_pickers_send_the_available_ones_and_a_few_others(
    dispatcher_web, fleet, make_shipment, make_customer
):
    """A busy day (100 tractors × 2 trips: 300 booked): the assign page's pickers list every
    available entry, the first 40 unavailable ones with why not, the chosen one, and say how
    many more are left out."""
    from tests.dispatch.test_board import _bulk_fleet

    driver, _tractor, _trailer = fleet
    _bulk_fleet(100, 2, day(), make_customer())
    shipment = make_shipment()
    busy = Vehicle.objects.get(plate="50H00077")
    url = f"/dispatcher/assign/{shipment.public_id}/"
    page = dispatcher_web.get(url, {"tractor_id": str(busy.public_id)}).content.decode()
    assert len(page) < 60_000, len(page)
    assert f'value="{driver.public_id}"' in page
    assert "… and 60 more not available" in page  # drivers and trailers: 100 - 40
    assert "… and 59 more not available" in page  # tractors: the chosen busy one is kept
    assert f'value="{busy.public_id}" class="unavailable" selected' in page
    assert "booked on SHP-2098-50H00770" in page


def test_the_move_page_reads_a_constant_number_of_queries(dispatcher_web, booked, make_customer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.dispatch.test_board import _bulk_fleet

    url = f"/dispatcher/board/move/{booked.public_id}/"

    def count() -> int:
        dispatcher_web.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert dispatcher_web.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    _bulk_fleet(60, 1, day(), make_customer(), prefix="60H")
    assert count() == few


def test_bar_texts_are_escaped(dispatcher_web, fleet, make_shipment, make_customer):
    """The bars are written in Python (`dispatch.board_html`): names typed by users stay
    text, never markup."""
    driver, tractor, trailer = fleet
    driver.user.full_name = 'Tài <b onmouseover="x()">xế</b>'
    driver.user.save()
    customer = make_customer(code="EVIL", name="<script>alert(1)</script>")
    trip = make_shipment(customer=customer)
    _assign(dispatcher_web, trip, driver, tractor, trailer)
    page = dispatcher_web.get("/dispatcher/", {"date": day().isoformat()}).content.decode()
    bar = page[page.index('class="task bar') : page.index(f">{trip.number}</a>") + 200]
    assert "<script>" not in page and "<b onmouseover" not in page
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;xế&lt;/b&gt;" in bar
    assert f'href="/dispatcher/board/move/{trip.public_id}/?version=' in bar


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"from": "31/02/2026"}, "From date: Enter a real day as dd/mm/yyyy."),
        ({"from": "xx"}, "From date: Enter a real day as dd/mm/yyyy."),
        ({"date": "2026-02-30"}, "Date: Enter a real day as dd/mm/yyyy."),
        ({"days": "9"}, "Days: The board shows 1 to 7 days."),
        ({"days": "two"}, "Days: The board shows 1 to 7 days."),
    ],
)
def test_a_bad_board_range_is_said_once_by_its_name(
    dispatcher_web, make_user, api_login, params, said
):
    """One message, the field's human name, the format the page's date input sends, and
    what the board shows instead; the API refuses the same value (400)."""
    html = dispatcher_web.get("/dispatcher/", params).content.decode()
    alerts = re.findall(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert alerts == [f"{said} Showing today, 1 day, instead."]
    assert f'value="{timezone.localdate().isoformat()}"' in html  # what is shown instead
    refused = api_login(make_user(Role.DISPATCHER)).get("/api/dispatch/board", params)
    assert refused.status_code in (400, 422)  # 422: not a number at all (the API's schema)
    assert refused.json()["error"]["code"] == "VALIDATION_ERROR"


def test_the_board_reads_the_day_its_own_date_input_sends(dispatcher_web, make_user, api_login):
    """The board's date input shows and sends dd/mm/yyyy (static/js/phone.js): read as the
    day, like ISO; the API reads both too."""
    for typed in ("05/12/2026", "2026-12-05"):
        html = dispatcher_web.get("/dispatcher/", {"from": typed, "days": "3"}).content.decode()
        assert 'role="alert"' not in html
        assert 'value="2026-12-05"' in html
    api = api_login(make_user(Role.DISPATCHER))
    assert api.get("/api/dispatch/board", {"from": "05/12/2026"}).status_code == 200
    refused = api.get("/api/dispatch/board", {"from": "31/02/2026", "days": "9"})
    assert refused.status_code == 400
    assert api.get("/api/dispatch/board", {"days": "9"}).json()["error"]["details"] == {
        "days": ["The board shows 1 to 7 days."]
    }


def test_a_trip_is_not_offered_its_own_tractor(
    dispatcher_web, booked, fleet, make_vehicle, make_driver, make_user, api_login
):
    """The move page shows the trip's tractor as the current one, without a button; a move
    to it is refused by the service (page: a message and nothing changes; API: 409)."""
    driver, tractor, _trailer = fleet
    spare_tractor = make_vehicle()
    make_driver(default_tractor=spare_tractor)
    link = f"/dispatcher/board/move/{booked.public_id}/"
    page = dispatcher_web.get(link, {"version": booked.version}).content.decode()
    assert "Current tractor" in page
    assert f'value="{tractor.public_id}"' not in page
    assert f'value="{spare_tractor.public_id}"' in page
    back = "/dispatcher/"
    refused = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {
            "shipment_id": str(booked.public_id),
            "tractor_id": str(tractor.public_id),
            "version": booked.version,
            "next": back,
        },
    )
    assert refused.status_code == 302 and refused["Location"] == back
    said = dispatcher_web.get(back).content.decode()
    assert f"The trip is already on tractor {tractor}; choose another tractor." in said
    task = DriverTask.objects.active().get(shipment=booked)
    assert (task.driver, task.tractor) == (driver, tractor)
    assert DriverTask.objects.filter(shipment=booked).count() == 1  # nothing closed or added
    api = api_login(make_user(Role.DISPATCHER))
    response = api.post(
        "/api/dispatch/board/assign",
        {"shipmentId": str(booked.public_id), "tractorId": str(tractor.public_id)},
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["reason"] == "SAME_TRACTOR"

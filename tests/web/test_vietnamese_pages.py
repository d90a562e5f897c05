"""No English and no raw codes on Vietnamese pages (issue 13, item 1): every role's main pages,
with data in every state that shows a label (shipment types, stop purposes, statuses, the
review, a running trip, a driver whose licence expires soon), read as a person reads them —
the visible text, without tags, scripts and styles — must contain no known English UI word
and no raw enum value."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from unicon.core.roles import Role
from unicon.costs import services as cost_services
from unicon.dispatch import services as dispatch_services
from unicon.dispatch import trips
from unicon.fleet.models import VehicleType
from unicon.shipments import review
from unicon.shipments import services as shipment_services

#: Raw codes of every enum a page shows (statuses, types, papers, reviews, task states).
RAW = re.compile(
    r"\b(DRAFT|PENDING|DISPATCHED|IN_TRANSIT|DELIVERED|CANCELLED|IN_PROGRESS|COMPLETED|"
    r"HANDED_OVER|EXPORT|IMPORT|LICENCE|INSPECTION|INSURANCE|IN_USE|MAINTENANCE|"
    r"OUT_OF_SERVICE|AWAITING|ACCEPTED|RETURNED|REJECTED|DOC_PENDING|NOT_BILLED|"
    r"PICKUP_EMPTY|WAREHOUSE_LOAD|PORT_DELIVERY|PORT_GATE_PASS|CONTAINER_40HC|TRACTOR|"
    r"TRAILER|NORMAL|ACTIVE)\b"
)
#: English UI words and data labels that a Vietnamese page must not show.
ENGLISH = re.compile(
    r"\b(Pick up|Warehouse|Deliver to port|Return empty|Export|Import|Draft|Waiting|"
    r"Dispatched|In transit|Delivered|Cancelled|busy|Shipment|Shipments|Driver|Status|"
    r"Customer|Submit|Assign|Awaiting review|Accepted|Sent back|Handed over|driving licence|"
    r"Container exterior|Port gate pass|Weight ticket|Save|Cancel|Edit|Delete|Search|Filter|"
    r"Fuel|Repair|Repairs|Vehicle|Vehicles|Drivers|Invoice|Invoices|Payment|Payments|Pending|"
    r"Confirmed|Rejected|Notifications|Preferences|Unread|Next|Previous|Older|Newer|Back|"
    r"Total|Amount|Yes|No|None|Actions|Action|Changes|Time|User|Users|Created|Updated|Deleted|"
    r"Sessions|Log out|Tractor|Trailer|Labour|Part|Receivables|Statements|Tariffs|Margins|"
    r"Dashboard|Import now|Location|Locations|Customers|Type|Date|From|To|Active|Inactive)\b"
)


class _Visible(HTMLParser):
    """The text a person sees: data outside <script>, <style> and <template>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture
def world(make_user, make_customer, make_vehicle, make_driver, settings):
    """Users of every role and shipments in every state, all with Vietnamese data."""
    settings.LANGUAGE_CODE = "vi"  # the pages' default language
    company = make_customer(code="APT", name="Công ty An Phát Thịnh")
    users = {
        role: make_user(role, full_name=f"Người dùng {i}")
        for i, role in enumerate([Role.ADMIN, Role.OPS, Role.DISPATCHER, Role.ACCOUNTING])
    }
    users[Role.CUSTOMER_OWNER] = make_user(
        Role.CUSTOMER_OWNER, full_name="Trần Thị Bình", customer=company
    )
    today = timezone.localdate()
    soon = today + dt.timedelta(days=10)
    driver = make_driver(user=make_user(Role.DRIVER, full_name="Nguyễn Văn An"))
    driver.licence_expiry = soon  # the crew picker warns about it
    driver.save()
    users[Role.DRIVER] = driver.user
    tractor, trailer = make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRAILER)
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(today, dt.time(1, 0), tzinfo=tz)

    def shipment(kind, hours=0, **extra):
        return shipment_services.create_shipment(
            users[Role.OPS],
            {
                "customer_id": company.public_id,
                "shipment_type": kind,
                "planned_start": start + dt.timedelta(hours=hours),
                "planned_end": start + dt.timedelta(hours=hours + 10),
                "container_type": "CONTAINER_40HC",
                "stops": [
                    {"location_name": "Depot Phước Long"},
                    {"location_name": "Kho Bình Dương"},
                    {"location_name": "Cảng Cát Lái"},
                ],
                **extra,
            },
        )

    draft = shipment("EXPORT")
    awaiting = shipment("IMPORT", 1)
    shipment_services.change_status(
        users[Role.CUSTOMER_OWNER], awaiting.public_id, operation_status="PENDING"
    )
    returned = shipment("IMPORT", 2)
    shipment_services.change_status(
        users[Role.CUSTOMER_OWNER], returned.public_id, operation_status="PENDING"
    )
    review.review_request(users[Role.OPS], returned.public_id, "return", "Thiếu số booking")
    running = shipment("EXPORT", 3)
    shipment_services.change_status(users[Role.OPS], running.public_id, operation_status="PENDING")
    task = dispatch_services.dispatch(
        users[Role.DISPATCHER],
        running.public_id,
        driver_id=driver.public_id,
        tractor_id=tractor.public_id,
        trailer_id=trailer.public_id,
    )
    first = running.stops.order_by("sequence").first()
    trips.check_in(driver.user, task.public_id, first.public_id)
    # costs: a fill and a repair waiting for review (their states and kinds show as labels)
    yesterday = timezone.now() - dt.timedelta(days=1)
    accountant = users[Role.ACCOUNTING]
    cost_services.create_fuel_log(
        accountant,
        cost_services.FuelInput(
            tractor.public_id, yesterday, Decimal("120.5"), 21_000, station="Petrolimex"
        ),
    )
    line = cost_services.LineInput("PART", "Lốp xe", Decimal(2), 3_500_000)
    cost_services.create_repair_log(
        accountant,
        cost_services.RepairInput(tractor.public_id, yesterday.date(), [line], garage="Garage Q9"),
    )
    return {
        "users": users,
        "shipments": {"draft": draft, "awaiting": awaiting, "running": running},
        "day": today,
    }


def pages(world) -> list[tuple[str, str]]:
    """(role, path) of every role's main pages."""
    ids = {k: s.public_id for k, s in world["shipments"].items()}
    day = world["day"].isoformat()
    office = [f"/ops/shipments/{i}/" for i in ids.values()]
    return [
        *[(Role.OPS, p) for p in ["/ops/shipments/", "/ops/shipments/new/", *office]],
        *[(Role.ADMIN, p) for p in ["/ops/shipments/", office[2]]],
        (Role.DISPATCHER, f"/dispatcher/?date={day}"),
        (Role.DISPATCHER, f"/dispatcher/assign/{ids['awaiting']}/"),
        (Role.DISPATCHER, f"/dispatcher/handover/{ids['running']}/"),
        (Role.DISPATCHER, office[2]),
        (Role.DRIVER, f"/driver/?date={day}"),
        (Role.CUSTOMER_OWNER, "/customer/"),
        *[(Role.CUSTOMER_OWNER, f"/customer/shipments/{i}/") for i in ids.values()],
        *[(Role.CUSTOMER_OWNER, p) for p in CUSTOMER_PAGES],
        *[(Role.ACCOUNTING, p) for p in ACCOUNTING_PAGES],
        (Role.ACCOUNTING, f"/accounting/shipments/{ids['running']}/"),
        *[(Role.OPS, p) for p in OFFICE_PAGES],
        *[(Role.DISPATCHER, p) for p in ("/costs/fuel/", "/costs/fuel/new/", "/costs/repairs/")],
        *[(Role.ADMIN, p) for p in ADMIN_PAGES],
        (Role.OPS, f"/audit/?objectType=shipment&objectId={ids['running']}"),
        (Role.DRIVER, "/costs/fuel/new/"),
    ]


#: Billing, costs, fleet, data in/out and notifications pages (issue 13, item 1's rest).
CUSTOMER_PAGES = ["/customer/billing/", "/customer/account/", "/customer/locations/"]
ACCOUNTING_PAGES = [
    "/accounting/debts/",
    "/accounting/tariffs/",
    "/accounting/receivables/",
    "/accounting/payments/",
    "/costs/invoices/",
    "/costs/margins/",
    "/costs/repairs/new/",
    "/dashboard/",
]
OFFICE_PAGES = [
    "/resources/vehicles/",
    "/resources/vehicles/new/",
    "/resources/drivers/",
    "/resources/drivers/new/",
    "/resources/customers/",
    "/resources/locations/",
    "/notifications/",
    "/notifications/preferences/",
    "/audit/",
    "/account/sessions/",
]
ADMIN_PAGES = ["/manage/users/", "/manage/import/", "/notifications/webhooks/", "/dashboard/"]


def test_every_role_page_reads_in_vietnamese(world, client):
    found = []
    for role, path in pages(world):
        client.force_login(world["users"][role])
        response = client.get(path, follow=True)
        if response.status_code != 200:
            found.append(f"{role} {path}: HTTP {response.status_code}")
            continue
        text = visible_text(response.content.decode())
        for pattern in (RAW, ENGLISH):
            found.extend(f"{role} {path}: {m}" for m in sorted(set(pattern.findall(text))))
    assert found == [], "\n".join(found)


def test_the_checker_finds_english_and_codes():
    """The check itself: it sees option labels and text, not scripts or attributes."""
    html = (
        '<p title="EXPORT">Lô hàng</p><script>var s = "PENDING";</script>'
        "<select><option>LICENCE 21/12/2026</option></select><p>Export — Pick up empty</p>"
    )
    text = visible_text(html)
    assert RAW.findall(text) == ["LICENCE"]
    assert ENGLISH.findall(text) == ["Export", "Pick up"]


#: Letters only Vietnamese text has (data — names, places, notes typed by people — removed
#: first).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ]", re.I)
#: The world's data in Vietnamese, which an English page shows as typed.
DATA = [
    "Công ty An Phát Thịnh",
    "Trần Thị Bình",
    "Nguyễn Văn An",
    "Người dùng",
    "Depot Phước Long",
    "Kho Bình Dương",
    "Cảng Cát Lái",
    "Thiếu số booking",
    "Lốp xe",
    "Tiếng Việt",  # the language menu names each language in itself
]


def test_pages_in_english_after_the_language_switch(world, client):
    """The header's language menu (Django's set_language) turns the pages English: no
    Vietnamese UI text left on a few pages of each role (data stays as typed)."""
    ids = {k: s.public_id for k, s in world["shipments"].items()}
    day = world["day"].isoformat()
    checked = [
        (Role.OPS, "/ops/shipments/"),
        (Role.OPS, f"/ops/shipments/{ids['draft']}/"),
        (Role.OPS, "/resources/vehicles/"),
        (Role.OPS, "/audit/"),
        (Role.DISPATCHER, f"/dispatcher/?date={day}"),
        (Role.DISPATCHER, "/costs/fuel/"),
        (Role.ACCOUNTING, "/accounting/debts/"),
        (Role.CUSTOMER_OWNER, "/customer/"),
        (Role.DRIVER, f"/driver/?date={day}"),
    ]
    found = []
    for role, path in checked:
        client.force_login(world["users"][role])
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = client.get(path, follow=True)
        assert response.status_code == 200, (role, path)
        text = unicodedata.normalize("NFC", visible_text(response.content.decode()))
        for data in DATA:
            text = text.replace(unicodedata.normalize("NFC", data), "")
        leftovers = {line for line in text.splitlines() if VIETNAMESE.search(line)}
        found.extend(f"{role} {path}: {line}" for line in sorted(leftovers))
    assert found == [], "\n".join(found)

"""History that says what changed (issue 13, item 5) and forms that do not lose work (item 6):
edit lines list old → new values from the audit record, uploads and verifications are history
lines, the audit history page (ADMIN/OPS, by user and date, keyset pages), the edit conflict
shows the other person's change and keeps what was typed, empty departures default sensibly."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.pods.conftest import pdf_bytes
from tests.web.test_vietnamese_pages import visible_text
from unicon.core.roles import Role
from unicon.shipments.models import Shipment

from .conftest import day


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS, full_name="Lê Văn Ops")


@pytest.fixture
def ops_web(ops, web):
    return web(ops)


def _form(customer, **extra) -> dict:
    d = day().isoformat()
    data = {
        "customer_id": str(customer.public_id),
        "shipment_type": "EXPORT",
        "priority": "NORMAL",
        "planned_start": f"{d}T08:00",
        "planned_end": f"{d}T18:00",
        "stop_count": "3",
        "op": "save",
        **{f"stop-{i}-location_name": f"Nơi {i}" for i in range(3)},
    }
    data.update(extra)
    return data


def _create(client, customer, **extra) -> Shipment:
    response = client.post("/ops/shipments/new/", _form(customer, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Shipment.objects.order_by("-id").first()


def _lines(page: str) -> str:
    return re.sub(r"\s+:", ":", re.sub(r"\s+", " ", visible_text(page)))


def test_edit_line_lists_old_and_new_values_in_vietnamese(ops_web, make_customer, settings):
    customer = make_customer()
    shipment = _create(ops_web, customer)
    edit = f"/ops/shipments/{shipment.public_id}/edit/"
    d = day().isoformat()
    changed = _form(
        customer,
        version=str(shipment.version),
        priority="HIGH",
        planned_start=f"{d}T09:30",
        container_type="CONTAINER_40HC",
        **{"stop-1-location_name": "Kho Bình Dương"},
    )
    assert ops_web.post(edit, changed).status_code == 302
    settings.LANGUAGE_CODE = "vi"
    text = _lines(ops_web.get(f"/ops/shipments/{shipment.public_id}/").content.decode())
    when = day().strftime("%d/%m/%Y")
    assert "Đã chỉnh sửa lô hàng." in text
    assert "Mức ưu tiên: Bình thường → Cao" in text
    assert f"Bắt đầu dự kiến: {when} 08:00 → {when} 09:30" in text
    assert "Loại container: — → Container 40' cao (HC)" in text
    assert "Điểm dừng 2 — Tên địa điểm: Nơi 1 → Kho Bình Dương" in text
    assert "Shipment" not in text.split("Lịch sử")[-1]  # the note is translated too
    assert "HIGH" not in text and "CONTAINER_40HC" not in text


def test_uploads_and_verifications_are_history_lines(ops_web, make_customer):
    shipment = _create(ops_web, make_customer())
    upload = SimpleUploadedFile("booking.pdf", pdf_bytes(), content_type="application/pdf")
    url = f"/shipments/{shipment.public_id}/documents/"
    ops_web.post(url, {"document_type": "BOOKING", "file": upload})
    document = shipment.documents.get()
    ops_web.post(f"/shipments/{shipment.public_id}/documents/{document.public_id}/verify/")
    text = _lines(ops_web.get(f"/ops/shipments/{shipment.public_id}/").content.decode())
    assert "Document uploaded: Booking (booking.pdf)." in text
    assert "Document verified: Booking (booking.pdf)." in text
    assert "(Lê Văn Ops)" in text
    events = ops_web.get(f"/api/shipments/{shipment.public_id}/events").json()["items"]
    assert [e["kind"] for e in events].count("FILE") == 2


def test_audit_page_for_admin_and_ops_only(ops_web, ops, make_customer, make_user, web):
    shipment = _create(ops_web, make_customer())
    page = ops_web.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    link = f"/audit/?objectType=shipment&amp;objectId={shipment.public_id}"
    assert link in page
    history = ops_web.get(link.replace("&amp;", "&"))
    assert history.status_code == 200
    text = _lines(history.content.decode())
    assert "Shipment created" in text and "Lê Văn Ops" in text
    dispatcher = web(make_user(Role.DISPATCHER))
    assert dispatcher.get("/audit/").status_code == 403
    assert "/audit/" not in dispatcher.get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    assert web(make_user(Role.ADMIN)).get("/audit/").status_code == 200


def test_audit_page_filters_and_keyset_pages(ops_web, ops, make_customer, make_user):
    customer = make_customer()
    for _ in range(3):
        _create(ops_web, customer)
    other = make_user(Role.OPS, email="other@example.com")
    mine = ops_web.get("/audit/", {"user": ops.email, "dateFrom": day().isoformat()})
    assert mine.status_code == 200
    assert "other@example.com" not in _lines(mine.content.decode()).split("Changes", 1)[1]
    assert ops.email in mine.content.decode()
    theirs = ops_web.get("/audit/", {"user": str(other.public_id)}).content.decode()
    assert ops.email not in _lines(theirs).split("Changes", 1)[1]
    future = ops_web.get("/audit/", {"dateFrom": "2099-12-31"}).content.decode()
    assert "Nothing recorded." in future
    for bad in ({"dateFrom": "31/12"}, {"user": "nobody@example.com"}, {"objectType": "ship"}):
        refused = ops_web.get("/audit/", bad)
        assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    first = ops_web.get("/audit/", {"user": ops.email}).content.decode()
    assert "cursor=" not in first  # fewer than 50 entries
    from unicon.core import history

    page = history.list_audit(ops, {"user": ops.email}, limit=2)
    assert len(page.items) == 2 and page.next_cursor
    after = ops_web.get("/audit/", {"user": ops.email, "cursor": page.next_cursor})
    assert after.status_code == 200
    rest = history.list_audit(ops, {"user": ops.email}, limit=200, cursor=page.next_cursor)
    assert {e.pk for e in rest.items}.isdisjoint({e.pk for e in page.items})


def test_resource_pages_link_to_their_audit_history(ops_web, make_customer):
    customer = make_customer()
    page = ops_web.get(f"/resources/customers/{customer.public_id}/edit/").content.decode()
    assert f"objectType=customer&amp;objectId={customer.public_id}" in page


def test_conflict_shows_the_other_change_and_keeps_what_was_typed(
    ops_web, make_customer, make_user, web
):
    customer = make_customer()
    shipment = _create(ops_web, customer)
    edit = f"/ops/shipments/{shipment.public_id}/edit/"
    started = str(shipment.version)
    colleague = web(make_user(Role.OPS, full_name="Phạm Thị Đồng Nghiệp"))
    theirs = _form(customer, version=started, priority="URGENT", booking_number="BK-THEIRS")
    assert colleague.post(edit, theirs).status_code == 302
    mine = _form(
        customer, version=started, special_instructions="Gọi trước 30 phút", priority="LOW"
    )
    refused = ops_web.post(edit, mine)
    assert refused.status_code == 400
    page = refused.content.decode()
    text = _lines(page)
    assert "Someone else saved this shipment while you were editing" in text
    assert "Phạm Thị Đồng Nghiệp" in text
    assert "Booking number: — → BK-THEIRS" in text
    assert "Priority: Normal → Urgent" in text
    assert "Gọi trước 30 phút" in page  # what I typed is still in the form …
    assert 'value="BK-THEIRS"' in page  # … with their change where I had not touched it
    assert "You both changed: Priority — your value is kept." in text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    shipment.refresh_from_db()
    assert version == str(shipment.version)
    resent = {
        name: refused.context["editor"].form[name].value() or ""
        for name in ("booking_number", "priority", "special_instructions")
    }
    assert resent["booking_number"] == "BK-THEIRS" and resent["priority"] == "LOW"
    again = ops_web.post(edit, {**mine, **resent, "version": version})
    assert again.status_code == 302
    shipment.refresh_from_db()
    assert shipment.special_instructions == "Gọi trước 30 phút"
    assert shipment.booking_number == "BK-THEIRS"  # their change survives my second save
    assert shipment.priority == "LOW"


def test_empty_departures_default_to_arrival_plus_usual_dwell(api_login, ops, make_customer):
    customer = make_customer()
    d = day().isoformat()
    body = {
        "customerId": str(customer.public_id),
        "type": "EXPORT",
        "plannedStart": f"{d}T08:00:00+07:00",
        "plannedEnd": f"{d}T18:00:00+07:00",
        "stops": [
            {"locationName": "Depot", "plannedArrival": f"{d}T08:00:00+07:00"},
            {"locationName": "Kho", "plannedArrival": f"{d}T09:00:00+07:00"},
            {"locationName": "Cảng", "plannedArrival": f"{d}T10:00:00+07:00"},
        ],
    }
    client = api_login(ops)
    response = client.post("/api/shipments", body)
    assert response.status_code == 201, response.content
    stops = {s["sequence"]: s for s in response.json()["stops"]}
    # depot (pick up empty, 30 min); warehouse loading (120 min) capped by the next arrival;
    # port delivery (60 min)
    assert stops[1]["plannedDeparture"].startswith(f"{d}T01:30")
    assert stops[2]["plannedDeparture"].startswith(f"{d}T03:00")
    assert stops[3]["plannedDeparture"].startswith(f"{d}T04:00")
    typed = {**body, "stops": [{**body["stops"][0], "plannedDeparture": f"{d}T07:00:00+07:00"}]}
    refused = client.post("/api/shipments", typed)
    assert refused.status_code == 400  # a typed departure before the arrival is still refused


def test_audit_values_are_formatted(ops_web, make_user, make_vehicle):
    """Amounts grouped in đồng, times dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh, choices by label."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from unicon.costs import services as costs
    from unicon.fleet.models import VehicleType

    tractor = make_vehicle(VehicleType.TRACTOR)
    when = timezone.make_aware(dt.datetime(2026, 3, 4, 23, 30), dt.UTC)  # 05/03 06:30 in VN
    costs.create_fuel_log(
        make_user(Role.ACCOUNTING),
        costs.FuelInput(tractor.public_id, when, Decimal("120.5"), 21_000),
    )
    text = _lines(ops_web.get("/audit/").content.decode())
    assert "Amount (VND): — → 2.530.500 ₫" in text
    assert "05/03/2026 06:30" in text
    assert "Status: — → Waiting for review" in text
    assert "Station: — → —" not in text  # nothing to say about a field left empty

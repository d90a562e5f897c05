"""The costs pages through the browser's HTTP: the driver's phone form with photos, review,
visible filter errors, the invoice pages and the margin page."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.costs.conftest import jpeg_bytes, upload_file
from tests.costs.einvoice_xml import einvoice_xml
from unicon.core.roles import Role
from unicon.costs.models import FuelLog, PurchaseInvoice


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def web(web_login):
    return web_login


def test_driver_enters_a_fill_with_photos_from_the_phone_page(web, driver_client, tractor):
    driver_client.driver.default_tractor = tractor
    driver_client.driver.save()
    page = web(driver_client.user)
    home = page.get("/driver/")
    assert b"/costs/fuel/new/" in home.content
    form = page.get("/costs/fuel/new/")
    assert form.status_code == 200
    assert str(tractor.public_id) in form.content.decode()
    response = page.post(
        "/costs/fuel/new/",
        {
            "vehicle": str(tractor.public_id),
            "filled_at": "2026-11-20T08:30",
            "litres": "120.5",
            "unit_price": "20140",
            "amount": "",
            "odometer_km": "150000",
            "station": "Petrolimex Xa lộ Hà Nội",
            "receipt": upload_file(jpeg_bytes(), "receipt.jpg"),
            "pump": upload_file(jpeg_bytes(color="blue"), "pump.jpg"),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert b"Fuel fill saved" in response.content
    log = FuelLog.objects.get()
    assert (log.driver, log.amount, log.status) == (driver_client.driver, 2_426_870, "PENDING")
    assert sorted(log.files.values_list("kind", flat=True)) == ["PUMP", "RECEIPT"]
    assert b"Petrolimex" in page.get("/costs/fuel/").content


def test_wrong_amount_and_fake_photo_are_shown_on_the_form(web, driver_client, tractor):
    page = web(driver_client.user)
    base = {
        "vehicle": str(tractor.public_id),
        "filled_at": "2026-11-20T08:30",
        "litres": "10",
        "unit_price": "20000",
    }
    wrong = page.post("/costs/fuel/new/", {**base, "amount": "300000"})
    assert wrong.status_code == 200
    assert b"does not match" in wrong.content
    fake = page.post("/costs/fuel/new/", {**base, "receipt": upload_file(b"GIF89a", "r.jpg")})
    assert b"Unsupported file type" in fake.content
    assert not FuelLog.objects.exists()


def test_accounting_reviews_on_the_list(web, make_user, driver_client, tractor):
    driver_client.post(
        "/api/fuel-logs",
        {
            "vehicleId": str(tractor.public_id),
            "filledAt": "2026-11-20T01:00:00Z",
            "litres": "50",
            "unitPrice": 20000,
        },
    )
    log = FuelLog.objects.get()
    page = web(make_user(Role.ACCOUNTING))
    listing = page.get("/costs/fuel/", {"status": "PENDING"})
    assert str(log.public_id) in listing.content.decode()
    rejected = page.post(
        f"/costs/fuel/{log.public_id}/review/", {"status": "REJECTED", "reason": ""}, follow=True
    )
    assert b"reason for rejecting" in rejected.content
    confirmed = page.post(
        f"/costs/fuel/{log.public_id}/review/",
        {"status": "CONFIRMED", "next": "https://evil.example/"},
    )
    assert confirmed["Location"] == "/costs/fuel/"  # never redirected off-site
    log.refresh_from_db()
    assert log.status == "CONFIRMED"
    bad = page.get("/costs/fuel/", {"status": "DONE", "dateFrom": "yesterday"})
    assert bad.status_code == 200
    assert b"Select a valid choice" in bad.content
    assert b"Enter a real day as dd/mm/yyyy." in bad.content  # the format the page sends


def test_driver_may_not_review_or_see_invoices(web, driver_client, tractor):
    page = web(driver_client.user)
    assert page.get("/costs/invoices/").status_code == 403
    assert page.get("/costs/margins/").status_code == 403


def test_invoice_pages(web, make_user, entity, tractor):
    page = web(make_user(Role.ACCOUNTING))
    listing = page.get("/costs/invoices/")
    assert listing.status_code == 200
    imported = page.post(
        "/costs/invoices/",
        {"xml-xml": upload_file(einvoice_xml(total="1"), "hd.xml", "application/xml")},
        follow=True,
    )
    assert imported.status_code == 200
    invoice = PurchaseInvoice.objects.get()
    assert imported.redirect_chain[-1][0] == f"/costs/invoices/{invoice.public_id}/"
    assert "Công ty CP Xăng dầu Sài Gòn" in imported.content.decode()
    assert b"but the total says 1" in imported.content
    assigned = page.post(
        f"/costs/invoices/{invoice.public_id}/", {"vehicle": str(tractor.public_id)}, follow=True
    )
    assert b"Saved." in assigned.content
    invoice.refresh_from_db()
    assert invoice.vehicle == tractor
    assert invoice.total == 1  # e-invoice figures stay as read
    duplicate = page.post(
        "/costs/invoices/",
        {"xml-xml": upload_file(einvoice_xml(total="1"), "hd.xml", "application/xml")},
    )
    assert b"already recorded" in duplicate.content
    scan = page.post(
        "/costs/invoices/",
        {"scan-scans": [upload_file(jpeg_bytes(), "scan.jpg")]},
        follow=True,
    )
    assert scan.status_code == 200
    assert PurchaseInvoice.objects.filter(source="SCAN", status="PROCESSING").count() == 1


def test_margin_page(web, make_user, tractor, settings):
    settings.COSTS_REVENUE_SOURCE = ""  # without a revenue source the page says so
    page = web(make_user(Role.ACCOUNTING))
    response = page.get("/costs/margins/")
    assert response.status_code == 200
    assert str(tractor) in response.content.decode()
    assert b"Revenue is not available yet" in response.content
    bad = page.get("/costs/margins/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert b"The end is before the start." in bad.content


def test_pages_are_vietnamese_first(make_user, settings):
    settings.LANGUAGE_CODE = "vi"
    client = Client()
    client.post("/login/", {"username": make_user(Role.ACCOUNTING).email, "password": PASSWORD})
    page = client.get("/costs/fuel/").content.decode()
    assert "Nhiên liệu" in page
    assert "Chi phí đội xe" in page


def test_rejected_fill_is_corrected_on_the_page(web, make_user, driver_client, tractor, login_as):
    created = driver_client.post(
        "/api/fuel-logs",
        {
            "vehicleId": str(tractor.public_id),
            "filledAt": "2026-11-20T01:00:00Z",
            "litres": "50",
            "unitPrice": 20000,
            "odometerKm": 900,
        },
    ).json()
    login_as(Role.ACCOUNTING).post(
        f"/api/fuel-logs/{created['id']}/review", {"status": "REJECTED", "reason": "sai km"}
    )
    page = web(driver_client.user)
    assert f"/costs/fuel/{created['id']}/edit/" in page.get("/costs/fuel/").content.decode()
    form = page.get(f"/costs/fuel/{created['id']}/edit/")
    assert b'value="900"' in form.content
    saved = page.post(
        f"/costs/fuel/{created['id']}/edit/",
        {
            "vehicle": str(tractor.public_id),
            "filled_at": "2026-11-20T08:00",
            "litres": "50",
            "unit_price": "20000",
            "odometer_km": "9000",
        },
    )
    assert saved.status_code == 302
    log = FuelLog.objects.get()
    assert (log.status, log.odometer_km, log.driver) == ("PENDING", 9000, driver_client.driver)
    other = web(make_user(Role.DISPATCHER))
    accounting = login_as(Role.ACCOUNTING)
    accounting.post(f"/api/fuel-logs/{created['id']}/review", {"status": "CONFIRMED"})
    assert page.get(f"/costs/fuel/{created['id']}/edit/").status_code == 403
    assert other.get(f"/costs/fuel/{created['id']}/edit/").status_code == 403

"""Huge numbers in fleet costs (a user trial typed 25 nines on the driver's fuel page): litres,
prices, amounts, odometers and repair lines have the bounds of `core.numbers`, and so have the
computed figures (a line's quantity × unit price, a repair's total, L/100 km). Out of bounds is
a 400 naming the field through the API and a form error on the pages; nothing is saved."""

import pytest

from tests.costs.conftest import at, jpeg_bytes, multipart, upload_file
from tests.costs.einvoice_xml import LINES, einvoice_xml
from unicon.core.roles import Role
from unicon.costs.models import FuelLog, PurchaseInvoice, RepairLog

NINES = 10**25 - 1


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"], error
    return error["message"]


def fill(client, tractor, **fields):
    body = {
        "vehicleId": str(tractor.public_id),
        "filledAt": at(1),
        "litres": "100",
        "unitPrice": 20_000,
        **fields,
    }
    return client.post("/api/fuel-logs", body)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unitPrice", NINES, "Price per litre (đ) must be at most 9.999.999 đ."),
        ("amount", NINES, "Amount on the receipt (đ) must be at most 1.000.000.000.000.000 đ."),
        ("odometerKm", NINES, "Odometer (km) must be at most 9.999.999 km."),
        ("litres", "1e30", "Litres must be at most 2,000 L."),
        ("litres", "0.0001", "Litres must be at least 0.001 L."),
    ],
)
def test_fuel_numbers_out_of_bounds(login_as, tractor, field, value, message):
    response = fill(login_as(Role.ACCOUNTING), tractor, **{field: value})
    assert refused(response, field) == message
    assert not FuelLog.objects.exists()


def line(**fields) -> dict:
    return {"kind": "PART", "description": "Lốp", "quantity": "1", "unitPrice": 1000, **fields}


def repair(client, tractor, lines, **fields):
    body = {
        "vehicleId": str(tractor.public_id),
        "repairedOn": "2026-01-05",
        "lines": lines,
        **fields,
    }
    return client.post("/api/repair-logs", body)


@pytest.mark.parametrize(
    ("lines", "field", "message"),
    [
        ([line(unitPrice=NINES)], "lines[0].unitPrice", "Line 1 unit price must be at most"),
        ([line(quantity="1e30")], "lines[0].quantity", "Line 1 quantity must be at most"),
        (  # each fits; quantity × unit price does not
            [line(), line(quantity="1000", unitPrice=10**13)],
            "lines[1].unitPrice",
            "Line 2 amount must be at most",
        ),
        (  # each line fits; their total does not
            [line(unitPrice=6 * 10**14), line(unitPrice=6 * 10**14)],
            "lines",
            "The repair total must be at most",
        ),
    ],
)
def test_repair_lines_and_total_out_of_bounds(login_as, tractor, lines, field, message):
    response = repair(login_as(Role.ACCOUNTING), tractor, lines)
    assert refused(response, field).startswith(message)
    assert not RepairLog.objects.exists()


@pytest.mark.parametrize("field", ["odometerKm", "nextServiceKm"])
def test_repair_km_out_of_bounds(login_as, tractor, field):
    response = repair(login_as(Role.ACCOUNTING), tractor, [line()], **{field: NINES})
    refused(response, field)
    assert not RepairLog.objects.exists()


def test_a_typed_invoice_total_is_bounded(login_as, entity, _media):
    client = login_as(Role.ACCOUNTING)
    scan = multipart(client, "/api/purchase-invoices/scan", {"files": [_jpeg()]})
    assert scan.status_code == 201, scan.content
    path = f"/api/purchase-invoices/{scan.json()['id']}"
    assert refused(client.patch(path, {"total": NINES}), "total") == (
        "Total (VND) must be at most 1.000.000.000.000.000 đ."
    )
    assert PurchaseInvoice.objects.get().total is None


def _jpeg():
    return upload_file(jpeg_bytes(), "scan.jpg")


@pytest.mark.parametrize(
    "xml",
    [
        einvoice_xml(total=str(NINES)),
        einvoice_xml(lines=[("Dầu", "Lít", str(NINES), "19000", "9500000", "10%")]),
        einvoice_xml(lines=[("Dầu", "Lít", "500", "19000", str(NINES), "10%")]),
    ],
)
def test_an_einvoice_with_huge_figures_is_refused(login_as, entity, _media, xml):
    client = login_as(Role.ACCOUNTING)
    response = multipart(
        client,
        "/api/purchase-invoices/einvoice",
        {"xml": upload_file(xml, "hd.xml", "application/xml")},
    )
    assert "must be at most" in refused(response, "xml")
    assert not PurchaseInvoice.objects.exists()


def test_an_einvoice_line_number_too_large_is_not_a_crash(login_as, entity, _media):
    xml = einvoice_xml().replace(b"<STT>1</STT>", b"<STT>" + b"9" * 25 + b"</STT>")
    response = multipart(
        login_as(Role.ACCOUNTING),
        "/api/purchase-invoices/einvoice",
        {"xml": upload_file(xml, "hd.xml", "application/xml")},
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["lines"]) == len(LINES)


def test_an_odometer_typo_gives_no_consumption_figure(login_as, tractor):
    """2 000 L over 1 km would be 200 000 L/100 km, more than the figure's column holds."""
    client = login_as(Role.ACCOUNTING)
    assert fill(client, tractor, filledAt=at(2), odometerKm=150_000).status_code == 201
    typo = fill(client, tractor, litres="2000", unitPrice=20_000, odometerKm=150_001)
    assert typo.status_code == 201, typo.content
    body = typo.json()
    assert (body["distanceKm"], body["consumption"], body["consumptionAbnormal"]) == (
        1,
        None,
        True,
    )


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("unit_price", "Price per litre (đ) must be at most 9.999.999 đ."),
        ("odometer_km", "Odometer (km) must be at most 9.999.999 km."),
        ("amount", "Amount on the receipt (đ) must be at most 1.000.000.000.000.000 đ."),
        ("litres", "Litres must be at most 2,000 L."),
    ],
)
def test_the_drivers_fuel_page_refuses_25_nines(web_login, driver_client, tractor, field, message):
    page = web_login(driver_client.user)
    form = {
        "vehicle": str(tractor.public_id),
        "filled_at": "2026-11-20T08:30",
        "litres": "120.5",
        "unit_price": "20140",
        "odometer_km": "150000",
        field: "9" * 25,
    }
    response = page.post("/costs/fuel/new/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FuelLog.objects.exists()


def test_the_repair_page_refuses_a_huge_unit_price(web_login, make_user, tractor):
    page = web_login(make_user(Role.ACCOUNTING))
    form = {
        "vehicle": str(tractor.public_id),
        "repaired_on": "2026-01-05",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-kind": "PART",
        "lines-0-description": "Lốp",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "9" * 25,
    }
    response = page.post("/costs/repairs/new/", form)
    assert response.status_code == 200
    assert "Unit price (đ) must be at most 1.000.000.000.000.000 đ." in response.content.decode()
    product = page.post(
        "/costs/repairs/new/",
        {**form, "lines-0-quantity": "1000", "lines-0-unit_price": str(10**13)},
    )
    assert product.status_code == 200
    assert "Line 1 amount must be at most" in product.content.decode()
    assert not RepairLog.objects.exists()


def test_the_invoice_page_refuses_a_huge_total(web_login, make_user, login_as, entity, _media):
    client = login_as(Role.ACCOUNTING)
    scan = multipart(client, "/api/purchase-invoices/scan", {"files": [_jpeg()]})
    page = web_login(client.user)
    url = f"/costs/invoices/{scan.json()['id']}/"
    response = page.post(url, {"total": "9" * 25})
    assert response.status_code == 200
    assert "must be at most 1.000.000.000.000.000 đ." in response.content.decode()
    assert PurchaseInvoice.objects.get().total is None

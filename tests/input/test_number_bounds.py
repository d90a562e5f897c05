"""Every whole number or decimal a client may send has an upper (and lower) bound that fits
its column and makes business sense (`core.numbers`): declared in the OpenAPI document and
refused with a 400 naming the field — never a database overflow. Billing, costs and the
workbook import have their own tests (tests/billing, tests/costs, tests/dataio)."""

import pytest

from unicon.core.numbers import MAX_FUEL_PRICE, MAX_MONEY, MAX_ODOMETER_KM, MAX_QUANTITY
from unicon.core.roles import Role
from unicon.customers.models import MAX_PAYMENT_TERM, Customer
from unicon.fleet.models import BIRTH_YEARS, Driver

NINES = 10**25 - 1


def _refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]


@pytest.fixture
def openapi(client):
    return client.get("/api/openapi.json").json()["components"]["schemas"]


def _bounds(schema: dict, field: str) -> tuple:
    spec = schema["properties"][field]
    if "maximum" not in spec:  # optional: the number or null
        spec = next(s for s in spec["anyOf"] if "maximum" in s)
    return spec["minimum"], spec["maximum"]


@pytest.mark.parametrize(
    ("schema", "field", "low", "high"),
    [
        ("TariffIn", "price", 0, MAX_MONEY),
        ("ChargeIn", "unitPrice", 0, MAX_MONEY),
        ("ChargeIn", "quantity", 1, MAX_QUANTITY),
        ("ChargeUpdateIn", "unitPrice", 0, MAX_MONEY),
        ("OpeningBalanceIn", "amount", 1, MAX_MONEY),
        ("AllocationIn", "amount", 1, MAX_MONEY),
        ("FuelLogIn", "unitPrice", 1, MAX_FUEL_PRICE),
        ("FuelLogIn", "amount", 0, MAX_MONEY),
        ("FuelLogIn", "odometerKm", 0, MAX_ODOMETER_KM),
        ("FuelLogIn", "litres", 0.001, 2000),
        ("RepairLineIn", "unitPrice", 0, MAX_MONEY),
        ("RepairLogIn", "nextServiceKm", 0, MAX_ODOMETER_KM),
        ("CustomerIn", "paymentTerm", 1, MAX_PAYMENT_TERM),
        ("DriverCreateIn", "birthYear", *BIRTH_YEARS),
    ],
)
def test_the_openapi_document_declares_the_bounds(openapi, schema, field, low, high):
    assert _bounds(openapi[schema], field) == (low, high)


@pytest.mark.parametrize("value", [NINES, MAX_PAYMENT_TERM + 1, 0])
def test_a_payment_term_out_of_bounds(login_as, value):
    body = {"code": "ABC", "name": "A", "paymentTerm": value}
    _refused(login_as(Role.OPS).post("/api/customers", body), "paymentTerm")
    assert not Customer.objects.exists()


@pytest.mark.parametrize("value", [NINES, BIRTH_YEARS[1] + 1, BIRTH_YEARS[0] - 1])
def test_a_birth_year_out_of_bounds(login_as, today, value):
    body = {
        "email": "tai.xe@unicon.local",
        "fullName": "Nguyễn Văn Tài",
        "phone": "0901 234 567",
        "licenceExpiry": str(today.replace(year=today.year + 1)),
        "birthYear": value,
    }
    _refused(login_as(Role.DISPATCHER).post("/api/drivers", body), "birthYear")
    assert not Driver.objects.exists()


def test_the_customer_page_refuses_a_huge_payment_term(web):
    form = {
        "code": "abc",
        "name": "ABC Logistics",
        "payment_term": "9" * 25,
        "payment_term_unit": "DAYS",
        "status": "ACTIVE",
    }
    response = web(Role.ACCOUNTING).post("/resources/customers/new/", form)
    assert response.status_code == 400
    assert 'id="f-payment_term-err"' in response.content.decode()
    assert not Customer.objects.exists()

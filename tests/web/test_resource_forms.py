"""Create / edit / delete pages of vehicles, drivers, customers and locations."""

import pytest

from unicon.accounts.models import User
from unicon.core.roles import Role
from unicon.customers.models import Customer, Location
from unicon.fleet.models import Driver, Vehicle

from .conftest import day


@pytest.fixture
def as_role(make_user, web):
    def login(role, **kwargs):
        return web(make_user(role, **kwargs))

    return login


def _vehicle_form(entity, **extra):
    form = {
        "plate": "51C-123.45",
        "vehicle_type": "TRACTOR",
        "ownership": "OWN",
        "owner_id": str(entity.public_id),
        "status": "IN_USE",
        "brand": "Hino",
        "manufacturing_year": "2020",
        "inspection_expiry": day(200).isoformat(),
    }
    form.update(extra)
    return form


# --------------------------------------------------------------------------- vehicles


def test_vehicle_create_and_edit(as_role, entity):
    client = as_role(Role.OPS)
    page = client.get("/resources/vehicles/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="f-plate"' in html and 'id="f-plate"' in html and "csrfmiddlewaretoken" in html
    response = client.post("/resources/vehicles/new/", _vehicle_form(entity))
    assert response.status_code == 302
    vehicle = Vehicle.objects.get()
    assert vehicle.plate == "51C12345" and vehicle.owner == entity
    assert response.url == f"/resources/vehicles/{vehicle.public_id}/edit/"
    edit = client.get(response.url)
    assert edit.status_code == 200 and "Hino" in edit.content.decode()
    client.post(response.url, _vehicle_form(entity, brand="Isuzu", status="MAINTENANCE"))
    vehicle.refresh_from_db()
    assert vehicle.brand == "Isuzu" and vehicle.status == "MAINTENANCE"
    listing = client.get("/resources/vehicles/").content.decode()
    assert f"/resources/vehicles/{vehicle.public_id}/edit/" in listing
    assert "/resources/vehicles/new/" in listing


def test_vehicle_bad_input_saves_nothing(as_role, entity, make_vehicle):
    client = as_role(Role.DISPATCHER)
    response = client.post("/resources/vehicles/new/", _vehicle_form(entity, owner_id=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error"' in html
    assert Vehicle.objects.count() == 0
    bad_date = client.post(
        "/resources/vehicles/new/", _vehicle_form(entity, inspection_expiry="31/02/2026")
    )
    assert bad_date.status_code == 400 and Vehicle.objects.count() == 0
    vehicle = make_vehicle(brand="Hino")
    url = f"/resources/vehicles/{vehicle.public_id}/edit/"
    other = make_vehicle()
    dup = client.post(url, _vehicle_form(entity, plate=other.plate, brand="Changed"))
    assert dup.status_code == 400 and 'class="error"' in dup.content.decode()
    vehicle.refresh_from_db()
    assert vehicle.brand == "Hino"


def test_vehicle_roles(as_role, entity, make_vehicle):
    vehicle = make_vehicle()
    accounting = as_role(Role.ACCOUNTING)
    assert accounting.get("/resources/vehicles/new/").status_code == 403
    assert accounting.post("/resources/vehicles/new/", _vehicle_form(entity)).status_code == 403
    url = f"/resources/vehicles/{vehicle.public_id}/edit/"
    assert accounting.post(url, _vehicle_form(entity, brand="X")).status_code == 403
    assert "/resources/vehicles/new/" not in accounting.get("/resources/vehicles/").content.decode()
    ops = as_role(Role.OPS)
    assert ops.post(f"/resources/vehicles/{vehicle.public_id}/delete/").status_code == 403
    assert Vehicle.objects.filter(pk=vehicle.pk).exists()
    admin = as_role(Role.ADMIN)
    assert "/delete/" in admin.get(url).content.decode()
    response = admin.post(f"/resources/vehicles/{vehicle.public_id}/delete/")
    assert response.status_code == 302
    assert not Vehicle.objects.filter(pk=vehicle.pk).exists()


# --------------------------------------------------------------------------- drivers


def _driver_form(**extra):
    form = {
        "email": "new.driver@example.com",
        "full_name": "Nguyen Van Tai",
        "phone": "0901234567",
        "licence_number": "790123456789",
        "licence_class": "FC",
        "licence_expiry": day(400).isoformat(),
        "status": "ACTIVE",
    }
    form.update(extra)
    return form


def test_driver_create_with_new_user_and_edit(as_role, make_vehicle):
    tractor = make_vehicle()
    client = as_role(Role.DISPATCHER)
    assert client.get("/resources/drivers/new/").status_code == 200
    response = client.post(
        "/resources/drivers/new/", _driver_form(default_tractor_id=str(tractor.public_id))
    )
    assert response.status_code == 302, response.content.decode()
    driver = Driver.objects.get()
    assert driver.user.email == "new.driver@example.com"
    assert driver.user.role == Role.DRIVER and driver.default_tractor == tractor
    edit_url = f"/resources/drivers/{driver.public_id}/edit/"
    assert response.url == edit_url
    page = client.get(edit_url).content.decode()
    assert "Nguyen Van Tai" in page and 'name="email"' not in page
    form = _driver_form(full_name="Nguyen Van Tam", default_tractor_id="")
    form.pop("email")
    assert client.post(edit_url, form).status_code == 302
    driver.refresh_from_db()
    assert driver.user.full_name == "Nguyen Van Tam" and driver.default_tractor is None


def test_driver_bad_input_keeps_no_user(as_role):
    client = as_role(Role.OPS)
    users = User.objects.count()
    response = client.post("/resources/drivers/new/", _driver_form(licence_expiry=""))
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert Driver.objects.count() == 0 and User.objects.count() == users
    response = client.post("/resources/drivers/new/", _driver_form(phone="12"))
    assert response.status_code == 400
    assert Driver.objects.count() == 0 and User.objects.count() == users


def test_driver_roles(as_role, make_driver):
    driver = make_driver()
    for role in (Role.ACCOUNTING, Role.DRIVER, Role.CUSTOMER_OWNER):
        client = as_role(role)
        assert client.get("/resources/drivers/new/").status_code == 403
        assert client.post("/resources/drivers/new/", _driver_form()).status_code == 403
        assert client.get(f"/resources/drivers/{driver.public_id}/edit/").status_code == 403
    assert not Driver.objects.exclude(pk=driver.pk).exists()


# --------------------------------------------------------------------------- customers


def _customer_form(**extra):
    form = {
        "code": "abc",
        "name": "ABC Logistics",
        "tax_code": "0301234567",
        "payment_term": "45",
        "payment_term_unit": "DAYS",
        "status": "ACTIVE",
        "has_vat_invoice": "on",
    }
    form.update(extra)
    return form


def test_customer_create_and_edit(as_role):
    client = as_role(Role.ACCOUNTING)
    assert client.get("/resources/customers/new/").status_code == 200
    response = client.post("/resources/customers/new/", _customer_form())
    assert response.status_code == 302
    customer = Customer.objects.get(code="ABC")
    assert customer.payment_term == 45 and customer.has_vat_invoice
    form = _customer_form(name="ABC Logistics JSC")
    form.pop("has_vat_invoice")
    assert client.post(response.url, form).status_code == 302
    customer.refresh_from_db()
    assert customer.name == "ABC Logistics JSC" and not customer.has_vat_invoice
    assert response.url in client.get("/resources/customers/").content.decode()


def test_customer_bad_input_and_roles(as_role, make_customer):
    ops = as_role(Role.OPS)
    response = ops.post("/resources/customers/new/", _customer_form(tax_code="12"))
    assert response.status_code == 400
    assert 'id="f-tax_code-err"' in response.content.decode()
    assert not Customer.objects.filter(code="ABC").exists()
    existing = make_customer(name="Old name")
    url = f"/resources/customers/{existing.public_id}/edit/"
    bad = ops.post(url, _customer_form(code=existing.code, name="New", payment_term="x"))
    assert bad.status_code == 400
    existing.refresh_from_db()
    assert existing.name == "Old name"
    dispatcher = as_role(Role.DISPATCHER)
    assert dispatcher.get("/resources/customers/new/").status_code == 403
    assert dispatcher.post(url, _customer_form(code=existing.code)).status_code == 403
    assert ops.post(f"/resources/customers/{existing.public_id}/delete/").status_code == 403


def test_customer_delete_refused_shows_conflict(as_role, make_customer, make_user):
    customer = make_customer()
    make_user(Role.CUSTOMER_OWNER, customer=customer)
    accounting = as_role(Role.ACCOUNTING)
    response = accounting.post(f"/resources/customers/{customer.public_id}/delete/", follow=True)
    assert response.status_code == 200
    assert "INACTIVE instead" in response.content.decode()
    assert Customer.objects.filter(pk=customer.pk).exists()
    unused = make_customer()
    accounting.post(f"/resources/customers/{unused.public_id}/delete/")
    assert not Customer.objects.filter(pk=unused.pk).exists()


# --------------------------------------------------------------------------- locations


def test_location_create_and_edit_internal(as_role, make_customer):
    customer = make_customer()
    client = as_role(Role.OPS)
    response = client.post(
        "/resources/locations/new/",
        {
            "name": "Cat Lai port",
            "kind": "PORT",
            "latitude": "10,7612",
            "longitude": "106.7890",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    port = Location.objects.get()
    assert port.customer is None and str(port.latitude) == "10.761200"
    response = client.post(
        response.url,
        {"name": "Cat Lai", "kind": "PORT", "customer_id": str(customer.public_id)},
    )
    assert response.status_code == 302
    port.refresh_from_db()
    assert port.name == "Cat Lai" and port.customer == customer and not port.is_active
    bad = client.post("/resources/locations/new/", {"name": "", "kind": "NOPE"})
    assert bad.status_code == 400 and Location.objects.count() == 1


def test_location_customer_user(as_role, make_customer):
    mine = make_customer()
    theirs = Location.objects.create(name="Other WH", kind="WAREHOUSE", customer=make_customer())
    shared = Location.objects.create(name="Cat Lai", kind="PORT")
    client = as_role(Role.CUSTOMER_OPS, customer=mine)
    page = client.get("/resources/locations/new/").content.decode()
    assert 'name="customer_id"' not in page
    response = client.post(
        "/resources/locations/new/", {"name": "My WH", "kind": "WAREHOUSE", "is_active": "on"}
    )
    assert response.status_code == 302
    own = Location.objects.get(name="My WH")
    assert own.customer == mine
    assert client.post(response.url, {"name": "My WH 2", "kind": "WAREHOUSE"}).status_code == 302
    own.refresh_from_db()
    assert own.name == "My WH 2"
    assert client.get(f"/resources/locations/{theirs.public_id}/edit/").status_code == 404
    assert (
        client.post(
            f"/resources/locations/{theirs.public_id}/edit/", {"name": "X", "kind": "PORT"}
        ).status_code
        == 404
    )
    assert client.post(f"/resources/locations/{theirs.public_id}/delete/").status_code == 404
    refused = client.post(
        f"/resources/locations/{shared.public_id}/edit/", {"name": "Mine now", "kind": "PORT"}
    )
    assert refused.status_code == 403
    shared.refresh_from_db()
    theirs.refresh_from_db()
    assert shared.name == "Cat Lai" and theirs.name == "Other WH"
    listing = client.get("/customer/locations/").content.decode()
    assert "Cat Lai" in listing and "My WH 2" in listing and "Other WH" not in listing
    assert f"/resources/locations/{own.public_id}/edit/" in listing
    assert f"/resources/locations/{shared.public_id}/edit/" not in listing
    assert "/customer/locations/" in client.get("/customer/").content.decode()
    assert client.get("/resources/locations/").status_code == 403
    assert client.post(f"/resources/locations/{own.public_id}/delete/").status_code == 302
    assert not Location.objects.filter(pk=own.pk).exists()


def test_location_roles(as_role):
    shared = Location.objects.create(name="Cat Lai", kind="PORT")
    for role in (Role.ACCOUNTING, Role.DRIVER):
        client = as_role(role)
        assert client.get("/resources/locations/new/").status_code == 403
        assert client.get(f"/resources/locations/{shared.public_id}/edit/").status_code == 403
        assert client.post(f"/resources/locations/{shared.public_id}/delete/").status_code == 403
    assert Location.objects.count() == 1

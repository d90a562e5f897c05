"""/api/drivers: creation from an existing or a new DRIVER user, defaults, roles, audit."""

import datetime as dt

import pytest

from tests.customers.fixtures import ALL_ROLES, audit_actions, expected, query_count
from unicon.accounts.models import User
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.fleet.models import Driver, VehicleType

READERS = {Role.OPS, Role.DISPATCHER, Role.ACCOUNTING}
WRITERS = {Role.OPS, Role.DISPATCHER}


@pytest.fixture
def pair(make_vehicle):
    return make_vehicle(plate="51C-123.45"), make_vehicle(VehicleType.TRAILER, plate="51R-012.34")


def _profile(today, **fields) -> dict:
    return {
        "phone": "0901 234 567",
        "licenceNumber": "790123456789",
        "licenceClass": "FC",
        "licenceExpiry": (today + dt.timedelta(days=400)).isoformat(),
        **fields,
    }


def test_create_with_a_new_user(login_as, pair, entity, today):
    tractor, trailer = pair
    client = login_as(Role.DISPATCHER)
    response = client.post(
        "/api/drivers",
        _profile(
            today,
            email="Nguyen.Van.Hung@Unicon.local",
            fullName="Nguyễn Văn Hùng",
            defaultTractorId=str(tractor.public_id),
            defaultTrailerId=str(trailer.public_id),
            employerId=str(entity.public_id),
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fullName"] == "Nguyễn Văn Hùng"
    assert body["user"]["email"] == "nguyen.van.hung@unicon.local"
    assert body["phone"] == "0901234567"
    assert body["defaultTractor"]["plateDisplay"] == "51C-123.45"
    assert body["defaultTrailer"]["plate"] == "51R01234"
    assert body["employer"]["code"] == "UNICON"
    assert body["status"] == "ACTIVE"
    assert body["expiryWarnings"] == []

    user = User.objects.get(email="nguyen.van.hung@unicon.local")
    assert user.role == Role.DRIVER
    assert not user.has_usable_password()  # they set one through a reset link
    driver = Driver.objects.get(public_id=body["id"])
    assert driver.user == user
    assert audit_actions(user) == ["user.create"]
    assert audit_actions(driver) == ["driver.create"]
    assert AuditEntry.objects.get(action="driver.create").actor_id == client.user.pk


def test_create_from_an_existing_driver_user(login_as, make_user, today):
    login = make_user(Role.DRIVER, full_name="Trần Văn Tài")
    client = login_as(Role.OPS)
    response = client.post("/api/drivers", _profile(today, userId=str(login.public_id)))
    assert response.status_code == 201, response.content
    assert response.json()["user"]["id"] == str(login.public_id)
    assert response.json()["fullName"] == "Trần Văn Tài"

    again = client.post("/api/drivers", _profile(today, userId=str(login.public_id)))
    assert again.status_code == 400
    assert "userId" in again.json()["error"]["details"]
    assert Driver.objects.count() == 1


def test_existing_user_must_be_a_driver(login_as, make_user, today):
    ops = make_user(Role.OPS)
    client = login_as(Role.OPS)
    response = client.post("/api/drivers", _profile(today, userId=str(ops.public_id)))
    assert response.status_code == 400
    assert "userId" in response.json()["error"]["details"]
    assert not Driver.objects.exists()


@pytest.mark.parametrize(
    "identity",
    [
        {},
        {"email": "a@unicon.local"},
        {"fullName": "Lê Văn A"},
        {"userId": "00000000-0000-4000-8000-000000000000"},
        {"userId": "00000000-0000-4000-8000-000000000000", "email": "a@x.vn", "fullName": "A"},
    ],
)
def test_who_the_driver_is_must_be_clear(login_as, today, identity):
    client = login_as(Role.OPS)
    users = User.objects.count()
    response = client.post("/api/drivers", _profile(today, **identity))
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert User.objects.count() == users
    assert not Driver.objects.exists()


def test_new_user_with_a_taken_email_is_400(login_as, make_user, today):
    make_user(Role.OPS, email="taken@unicon.local")
    client = login_as(Role.OPS)
    response = client.post(
        "/api/drivers", _profile(today, email="taken@unicon.local", fullName="Lê Văn B")
    )
    assert response.status_code == 400
    assert not Driver.objects.exists()


@pytest.mark.parametrize("swap", ["defaultTractorId", "defaultTrailerId"])
def test_wrong_default_vehicle_type_is_400_and_creates_no_user(login_as, pair, today, swap):
    tractor, trailer = pair
    wrong = (
        {"defaultTractorId": str(trailer.public_id)}
        if swap == "defaultTractorId"
        else {"defaultTrailerId": str(tractor.public_id)}
    )
    client = login_as(Role.DISPATCHER)
    users = User.objects.count()
    response = client.post(
        "/api/drivers",
        _profile(today, email="new.driver@unicon.local", fullName="Phạm Văn C", **wrong),
    )
    assert response.status_code == 400, response.content
    assert swap in response.json()["error"]["details"]
    assert User.objects.count() == users
    assert not Driver.objects.exists()
    assert (
        not AuditEntry.objects.filter(actor_id=client.user.pk).exclude(action="auth.login").exists()
    )


def test_wrong_default_vehicle_type_on_edit_is_400(login_as, pair, make_driver):
    tractor, trailer = pair
    driver = make_driver(default_tractor=tractor)
    client = login_as(Role.OPS)
    url = f"/api/drivers/{driver.public_id}"
    response = client.patch(url, {"defaultTrailerId": str(tractor.public_id)})
    assert response.status_code == 400
    driver.refresh_from_db()
    assert driver.default_trailer is None
    swapped = client.patch(url, {"defaultTractorId": str(trailer.public_id)})
    assert swapped.status_code == 400
    driver.refresh_from_db()
    assert driver.default_tractor == tractor


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"phone": "090123456"}, 400, "phone"),  # 9 digits
        ({"phone": "028 3823 4567"}, 400, "phone"),  # drivers: a mobile number
        ({"licenceExpiry": None}, 422, None),
        ({"licenceExpiry": "next year"}, 422, None),
        ({"status": "FIRED"}, 422, None),
    ],
)
def test_profile_validation(login_as, today, change, status, field):
    client = login_as(Role.OPS)
    response = client.post(
        "/api/drivers", _profile(today, email="d@unicon.local", fullName="Võ Văn D", **change)
    )
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["error"]["details"]
    assert not User.objects.filter(email="d@unicon.local").exists()


def test_licence_expiry_is_required(login_as, today):
    body = _profile(today, email="e@unicon.local", fullName="Đỗ Văn E")
    del body["licenceExpiry"]
    assert login_as(Role.OPS).post("/api/drivers", body).status_code == 422


def test_edit_rename_suspend_and_delete(login_as, make_driver, today):
    driver = make_driver(licence_expiry=today + dt.timedelta(days=5))
    client = login_as(Role.DISPATCHER)
    url = f"/api/drivers/{driver.public_id}"
    body = client.get(url).json()
    assert body["expiryWarnings"] == [
        {
            "document": "LICENCE",
            "expiresOn": (today + dt.timedelta(days=5)).isoformat(),
            "state": "EXPIRING_SOON",
        }
    ]

    renamed = client.patch(url, {"fullName": "Bùi Văn Mới", "hometown": "Bến Tre"})
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["fullName"], renamed.json()["hometown"]) == ("Bùi Văn Mới", "Bến Tre")
    suspended = client.patch(url, {"status": "SUSPENDED"})
    assert suspended.json()["status"] == "SUSPENDED"
    replaced = client.put(url, _profile(today))
    assert replaced.status_code == 200
    assert (replaced.json()["status"], replaced.json()["hometown"]) == ("ACTIVE", "")
    assert replaced.json()["fullName"] == "Bùi Văn Mới"  # PUT without fullName keeps the name

    assert login_as(Role.ADMIN).delete(url).status_code == 204
    assert not Driver.objects.filter(pk=driver.pk).exists()
    assert User.objects.filter(pk=driver.user_id, is_active=True).exists()  # the login stays
    assert audit_actions(driver) == [
        "driver.create",
        "driver.update",
        "driver.status_change",
        "driver.status_change",
        "driver.delete",
    ]
    assert "user.update" in audit_actions(driver.user)


def test_filters(login_as, make_driver, make_user):
    make_driver(user=make_user(Role.DRIVER, full_name="Nguyễn Văn An"), phone="0901111111")
    make_driver(user=make_user(Role.DRIVER, full_name="Lê Văn Bình"), phone="0902222222")
    make_driver(
        user=make_user(Role.DRIVER, full_name="Trần Văn Cường"),
        phone="0903333333",
        status="SUSPENDED",
    )
    client = login_as(Role.OPS)

    def names(**params):
        response = client.get("/api/drivers", params)
        assert response.status_code == 200, response.content
        return [d["fullName"] for d in response.json()["items"]]

    assert names() == ["Nguyễn Văn An", "Lê Văn Bình", "Trần Văn Cường"]
    assert names(status="SUSPENDED") == ["Trần Văn Cường"]
    assert names(q="bình") == ["Lê Văn Bình"]
    assert names(q="0902 222") == ["Lê Văn Bình"]
    assert names(q="Văn", status="ACTIVE") == ["Nguyễn Văn An", "Lê Văn Bình"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_roles(login_as, make_driver, make_user, today, role):
    driver = make_driver()
    free = make_user(Role.DRIVER)
    client = login_as(role)
    url = f"/api/drivers/{driver.public_id}"
    assert client.get("/api/drivers").status_code == expected(role, READERS)
    assert client.get(url).status_code == expected(role, READERS)
    created = client.post("/api/drivers", _profile(today, userId=str(free.public_id)))
    assert created.status_code == expected(role, WRITERS, ok=201)
    assert client.patch(url, {"hometown": "Huế"}).status_code == expected(role, WRITERS)
    assert client.delete(url).status_code == expected(role, set(), ok=204)


def test_delete_refused_while_a_driver_task_refers(login_as, make_driver, make_vehicle, make_task):
    driver = make_driver()
    make_task(driver, make_vehicle())
    response = login_as(Role.ADMIN).delete(f"/api/drivers/{driver.public_id}")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["referencedBy"] == {"driverTasks": 1}
    assert Driver.objects.filter(pk=driver.pk).exists()


def test_list_query_count_does_not_grow_with_page_size(login_as, make_driver, pair, entity):
    tractor, trailer = pair
    for _ in range(25):
        make_driver(default_tractor=tractor, default_trailer=trailer, employer=entity)
    client = login_as(Role.OPS)
    assert query_count(client, "/api/drivers", {"limit": 2}) == query_count(
        client, "/api/drivers", {"limit": 20}
    )

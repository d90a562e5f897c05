"""/api/distances: one record per pair of places (either direction), writers, validation,
the planned km of a shipment's stops, the page, the export."""

import pytest

from tests.customers.fixtures import ALL_ROLES, expected
from unicon.core.roles import CUSTOMER_ROLES, Role
from unicon.customers.models import Location, RouteDistance

WRITERS = {Role.OPS, Role.DISPATCHER}


@pytest.fixture
def ends():
    return [
        Location.objects.create(name=name, kind="PORT")
        for name in ("Cảng Cát Lái", "KCN VSIP 1", "ICD Phước Long")
    ]


def body(a, b, km, **more) -> dict:
    return {"originId": str(a.public_id), "destinationId": str(b.public_id), "km": km, **more}


def test_the_pair_is_one_record_either_way_round(login_as, ends):
    port, vsip, icd = ends
    client = login_as(Role.DISPATCHER)
    created = client.post("/api/distances", body(vsip, port, "12.46"))
    assert created.status_code == 201, created.content
    row = created.json()
    assert row["km"] == 12.5
    assert {row["origin"]["name"], row["destination"]["name"]} == {port.name, vsip.name}
    again = client.post("/api/distances", body(port, vsip, 13))
    assert again.status_code == 400
    assert "đã được ghi nhận" in again.json()["error"]["message"]
    patched = client.patch(f"/api/distances/{row['id']}", {"km": 14, "note": "qua cầu Phú Mỹ"})
    assert patched.status_code == 200, patched.content
    assert (patched.json()["km"], patched.json()["note"]) == (14.0, "qua cầu Phú Mỹ")
    listed = client.get("/api/distances", {"location": str(vsip.public_id)}).json()["items"]
    assert [d["id"] for d in listed] == [row["id"]]
    assert client.get("/api/distances", {"location": str(icd.public_id)}).json()["items"] == []
    assert [d["id"] for d in client.get("/api/distances", {"q": "cat lai"}).json()["items"]] == [
        row["id"]
    ]
    assert client.delete(f"/api/distances/{row['id']}").status_code == 204
    assert not RouteDistance.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (lambda e: body(e[0], e[0], 5), "destination"),
        (lambda e: body(e[0], e[1], 0), "km"),
        (lambda e: body(e[0], e[1], 9000), "km"),
        (
            lambda e: {**body(e[0], e[1], 5), "originId": "7d6f0c52-0000-4000-8000-000000000000"},
            "originId",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(login_as, ends, payload, field):
    response = login_as(Role.OPS).post("/api/distances", payload(ends))
    assert response.status_code == 400, response.content
    assert field in str(response.json()["error"]["details"]), response.json()
    assert not RouteDistance.objects.exists()


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_who_may_read_and_write(login_as, ends, role):
    client = login_as(role)
    read = client.get("/api/distances")
    assert read.status_code == (403 if role in CUSTOMER_ROLES else 200)
    created = client.post("/api/distances", body(ends[0], ends[1], 10))
    assert created.status_code == expected(role, WRITERS, ok=201)


def test_planned_km_of_a_shipments_stops(login_as, ends, make_shipment):
    port, vsip, icd = ends
    RouteDistance.objects.create(origin=port, destination=vsip, km=32)
    shipment = make_shipment(locations=[port, vsip, vsip, icd])
    client = login_as(Role.OPS)
    stops = client.get(f"/api/shipments/{shipment.public_id}").json()["stops"]
    route = ",".join(stop["location"]["id"] for stop in stops)
    planned = client.get("/api/distances/route", {"stops": route})
    assert planned.status_code == 200, planned.content
    assert planned.json() == {"km": 32.0, "legs": 3, "knownLegs": 2}  # vsip→vsip is 0 km
    client.post("/api/distances", body(icd, vsip, "15.5"))
    planned = client.get("/api/distances/route", {"stops": route}).json()
    assert planned == {"km": 47.5, "legs": 3, "knownLegs": 3}
    none_known = client.get("/api/distances/route", {"stops": f"{icd.public_id},{port.public_id}"})
    assert none_known.json() == {"km": None, "legs": 1, "knownLegs": 0}
    for bad in ("nope", f"{port.public_id},7d6f0c52-0000-4000-8000-000000000000"):
        refused = client.get("/api/distances/route", {"stops": bad})
        assert refused.status_code == 400 and "stops" in refused.json()["error"]["details"]
    assert (
        login_as(Role.CUSTOMER_OWNER).get("/api/distances/route", {"stops": route}).status_code
        == 403
    )


def test_the_page_lists_and_the_export_writes_them(client, make_user, ends):
    RouteDistance.objects.create(origin=ends[0], destination=ends[1], km=32)
    client.force_login(make_user(Role.OPS))
    page = client.get("/resources/distances/", headers={"accept-language": "vi"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Khoảng cách giữa các địa điểm" in text and "Cảng Cát Lái" in text and "32,0" in text
    new = client.get("/resources/distances/new/")
    assert new.status_code == 200 and "Điểm đi" in new.content.decode()
    form = {"origin_id": str(ends[2].public_id), "destination_id": str(ends[1].public_id)}
    made = client.post("/resources/distances/new/", {**form, "km": "12,5", "note": ""})
    assert made.status_code == 302, made.content.decode()[-2000:]
    assert RouteDistance.objects.filter(km="12.5").count() == 1
    again = client.post("/resources/distances/new/", {**form, "km": "13"})
    assert again.status_code == 400 and "đã được ghi nhận" in again.content.decode()
    csv = client.get("/api/distances", {"format": "csv"}, headers={"accept-language": "vi"})
    assert csv.status_code == 200
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["Điểm đi", "Điểm đến", "Số km"]
    assert lines[1].split(",")[:3] == ["Cảng Cát Lái", "KCN VSIP 1", "32.0"]

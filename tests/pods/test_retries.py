"""Safe retries (issue 12, item 4): the same request sent again with its `Idempotency-Key`
is answered once; the same photo bytes on the same stop and type are one file; repeated
check-in/out answers with the state as it is."""

from django.test import TestCase
from django.test.client import encode_multipart

from unicon.pods.models import PodFile
from unicon.shipments.models import Shipment

from .conftest import jpeg_bytes, stored_files, upload_file


def _photo(client, shipment, stop, data: bytes, key: str | None = None, kind="PORT_GATE_PASS"):
    headers = {"Idempotency-Key": key} if key else {}
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker's thumbnail
        return client.client.post(
            f"/api/shipments/{shipment.public_id}/pods",
            {"file": upload_file(data), "stopId": str(stop.public_id), "photoType": kind},
            headers=client._headers(headers),
        )


def test_the_same_upload_replayed_with_its_key_creates_one_file(trip, _media):
    shipment, _task, stops, driver_api = trip
    data = jpeg_bytes()
    first = _photo(driver_api, shipment, stops[0], data, key="phone-7f3a")
    again = _photo(driver_api, shipment, stops[0], data, key="phone-7f3a")
    assert first.status_code == again.status_code == 201, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PodFile.objects.count() == 1
    assert len(stored_files(_media)) == 2  # the file and its thumbnail, once


def test_same_key_with_another_body_is_refused(trip):
    shipment, _task, stops, driver_api = trip
    assert _photo(driver_api, shipment, stops[0], jpeg_bytes(), key="k1").status_code == 201
    other = _photo(driver_api, shipment, stops[0], jpeg_bytes(color="blue"), key="k1")
    assert other.status_code == 422
    assert other.json()["error"]["details"] == {"idempotencyKey": ["used for a different request"]}
    assert PodFile.objects.count() == 1


def test_identical_bytes_without_a_key_return_the_existing_file(trip, _media):
    shipment, _task, stops, driver_api = trip
    data = jpeg_bytes()
    first = _photo(driver_api, shipment, stops[0], data)
    again = _photo(driver_api, shipment, stops[0], data)
    assert again.json()["id"] == first.json()["id"]
    other_type = _photo(driver_api, shipment, stops[0], data, kind="CONTAINER_EXTERIOR")
    assert other_type.json()["id"] != first.json()["id"]
    assert PodFile.objects.count() == 2
    assert len(stored_files(_media)) == 4


def test_keys_are_private_to_a_login(trip, ops_api):
    shipment, _task, stops, driver_api = trip
    mine = _photo(driver_api, shipment, stops[0], jpeg_bytes(), key="same")
    theirs = _photo(ops_api, shipment, stops[0], jpeg_bytes(color="blue"), key="same")
    assert theirs.status_code == 201
    assert theirs.json()["id"] != mine.json()["id"]


def test_a_refused_request_does_not_use_up_its_key(trip):
    shipment, _task, stops, driver_api = trip
    refused = _photo(driver_api, shipment, stops[0], b"not an image", key="retry-me")
    assert refused.status_code == 400
    fixed = _photo(driver_api, shipment, stops[0], jpeg_bytes(), key="retry-me")
    assert fixed.status_code == 201, fixed.content


def test_invalid_key_is_a_validation_error(trip):
    shipment, _task, stops, driver_api = trip
    response = _photo(driver_api, shipment, stops[0], jpeg_bytes(), key="with space")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"idempotencyKey": ["invalid"]}


def test_json_create_replayed(ops_api, company):
    from tests.shipments.conftest import body

    data = body(customerId=str(company.public_id))
    headers = {"Idempotency-Key": "create-1"}
    first = ops_api.post("/api/shipments", data, headers=headers)
    again = ops_api.post("/api/shipments", data, headers=headers)
    assert first.status_code == again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Shipment.objects.count() == 1
    changed = ops_api.post("/api/shipments", {**data, "bookingNumber": "X"}, headers=headers)
    assert changed.status_code == 422


def test_replayed_check_in_and_out(trip):
    shipment, task, stops, driver_api = trip
    url = f"/api/driver/tasks/{task.public_id}/stops/{stops[1].public_id}/check-in"
    first_url = f"/api/driver/tasks/{task.public_id}/stops/{stops[0].public_id}"
    checked_in = driver_api.post(f"{first_url}/check-in", headers={"Idempotency-Key": "a"})
    assert checked_in.status_code == 200, checked_in.content
    replay = driver_api.post(f"{first_url}/check-in", headers={"Idempotency-Key": "a"})
    assert replay.status_code == 200
    assert replay["Idempotent-Replayed"] == "true"
    for kind in ("CONTAINER_EXTERIOR", "PORT_GATE_PASS"):
        assert _photo(driver_api, shipment, stops[0], jpeg_bytes(), kind=kind).status_code == 201
    out = driver_api.post(f"{first_url}/check-out")
    assert out.status_code == 200, out.content
    assert driver_api.post(f"{first_url}/check-out").status_code == 200  # without a key too
    assert driver_api.post(url).status_code == 200
    events = shipment.events.filter(kind__in=["CHECK_IN", "CHECK_OUT"]).count()
    assert events == 3


def test_multipart_boundary_does_not_matter(trip):
    shipment, _task, stops, driver_api = trip
    data = jpeg_bytes()
    fields = {"file": upload_file(data), "stopId": str(stops[0].public_id)}
    fields["photoType"] = "PORT_GATE_PASS"
    headers = driver_api._headers({"Idempotency-Key": "b"})
    first = driver_api.client.post(
        f"/api/shipments/{shipment.public_id}/pods", fields, headers=headers
    )
    fields["file"] = upload_file(data)
    again = driver_api.client.post(
        f"/api/shipments/{shipment.public_id}/pods",
        encode_multipart("AnotherBoundary42", fields),
        headers=headers,
        content_type="multipart/form-data; boundary=AnotherBoundary42",
    )
    assert again.status_code == 201, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"


def test_a_too_large_json_body_with_a_key_is_still_413(ops_api):
    big = {"type": "EXPORT", "specialInstructions": "x" * (3 * 1024 * 1024)}
    response = ops_api.post("/api/shipments", big, headers={"Idempotency-Key": "big"})
    assert response.status_code == 413, response.content[:200]

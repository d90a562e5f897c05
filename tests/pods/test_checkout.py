"""Required photos at stop check-out, locking at check-out, corrections of locked files."""

from unicon.core.models import AuditEntry
from unicon.pods.models import PodFile

from .conftest import jpeg_bytes, multipart, png_bytes, stored_files, upload_file


def pods_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/pods"


def stop_url(task, stop, action) -> str:
    return f"/api/driver/tasks/{task.public_id}/stops/{stop.public_id}/{action}"


def photo(client, shipment, stop, photo_type, data=None):
    response = multipart(
        client,
        pods_url(shipment),
        {
            "file": upload_file(data or jpeg_bytes()),
            "stopId": str(stop.public_id),
            "photoType": photo_type,
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_check_out_refused_listing_missing_types_then_allowed(trip, ops_api):
    shipment, task, stops, driver_api = trip
    first, second = stops
    assert driver_api.post(stop_url(task, first, "check-in")).status_code == 200
    refused = driver_api.post(stop_url(task, first, "check-out"))
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["details"]["missingPhotos"] == ["CONTAINER_EXTERIOR", "PORT_GATE_PASS"]
    assert "stop 1" in error["message"]

    # a photo of the required type on ANOTHER stop (or the shipment) does not count
    photo(ops_api, shipment, second, "CONTAINER_EXTERIOR")
    photo(driver_api, shipment, first, "CONTAINER_EXTERIOR")
    refused = driver_api.post(stop_url(task, first, "check-out"))
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["missingPhotos"] == ["PORT_GATE_PASS"]
    first.refresh_from_db()
    assert first.actual_departure is None
    assert not PodFile.objects.filter(locked_at__isnull=False).exists()

    photo(driver_api, shipment, first, "PORT_GATE_PASS")
    allowed = driver_api.post(stop_url(task, first, "check-out"))
    assert allowed.status_code == 200, allowed.content
    # the stop's files are locked, the other stop's are not
    assert set(PodFile.objects.filter(stop=first).values_list("locked_at", flat=True)) != {None}
    assert PodFile.objects.filter(stop=first, locked_at__isnull=True).count() == 0
    assert PodFile.objects.filter(stop=second, locked_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="pod.lock").count() == 1
    listed = ops_api.get(pods_url(shipment), {"stopId": str(first.public_id)}).json()["items"]
    assert all(p["locked"] for p in listed)

    # stop 2 requires nothing: check-out works at once and delivers the shipment
    assert driver_api.post(stop_url(task, second, "check-in")).status_code == 200
    done = driver_api.post(stop_url(task, second, "check-out"))
    assert done.status_code == 200, done.content
    assert PodFile.objects.filter(locked_at__isnull=True).count() == 0


def _checked_out_stop_with_photos(trip):
    shipment, task, stops, driver_api = trip
    first = stops[0]
    assert driver_api.post(stop_url(task, first, "check-in")).status_code == 200
    exterior = photo(driver_api, shipment, first, "CONTAINER_EXTERIOR")
    photo(driver_api, shipment, first, "PORT_GATE_PASS")
    assert driver_api.post(stop_url(task, first, "check-out")).status_code == 200
    return exterior


def test_locked_file_cannot_be_changed_or_deleted(trip, ops_api, admin_api, _media):
    shipment, _task, stops, driver_api = trip
    exterior = _checked_out_stop_with_photos(trip)
    files_before = stored_files(_media)
    for client in (driver_api, ops_api, admin_api):
        deleted = client.delete(f"/api/pods/{exterior['id']}")
        assert deleted.status_code == 409, deleted.content
        assert "correction" in deleted.json()["error"]["message"]
        edited = client.patch(f"/api/pods/{exterior['id']}", {"note": "changed"})
        assert edited.status_code == 409
    assert stored_files(_media) == files_before
    assert PodFile.objects.get(public_id=exterior["id"]).note == ""
    # a late upload to a checked-out stop is locked at once
    late = photo(ops_api, shipment, stops[0], "OTHER")
    assert late["locked"] is True


def test_correction_keeps_the_old_file(trip, ops_api, owner_api):
    shipment, _task, stops, driver_api = trip
    exterior = _checked_out_stop_with_photos(trip)
    url = f"/api/pods/{exterior['id']}/corrections"
    no_reason = multipart(driver_api, url, {"file": upload_file(png_bytes(), "fix.png")})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["details"]
    assert (
        multipart(owner_api, url, {"file": upload_file(png_bytes()), "reason": "x"}).status_code
        == 403
    )
    response = multipart(
        driver_api,
        url,
        {"file": upload_file(png_bytes(), "fix.png"), "reason": "Wrong container photographed"},
    )
    assert response.status_code == 201, response.content
    correction = response.json()
    assert correction["replacesId"] == exterior["id"]
    assert correction["correctionReason"] == "Wrong container photographed"
    assert correction["photoType"] == "CONTAINER_EXTERIOR"
    assert correction["stop"]["id"] == str(stops[0].public_id)
    assert correction["locked"] is True  # the stop is already checked out
    items = ops_api.get(pods_url(shipment)).json()["items"]
    ids = [p["id"] for p in items]
    assert exterior["id"] in ids and correction["id"] in ids  # both visible
    old = next(p for p in items if p["id"] == exterior["id"])
    assert old["correctedBy"] == [correction["id"]]
    assert ops_api.get(old["fileUrl"]).status_code == 200  # the old file is still served
    assert AuditEntry.objects.filter(action="pod.correct").exists()

"""Listing, downloading, editing, deleting and correcting POD files; customer isolation."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from unicon.core.roles import Role
from unicon.pods.models import PodFile

from .conftest import (
    body_of,
    jpeg_bytes,
    multipart,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload_file,
)


def pods_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/pods"


def send(client, shipment, data=None, name="photo.jpg", **fields):
    payload = {"file": upload_file(data or jpeg_bytes(), name), **fields}
    response = multipart(client, pods_url(shipment), payload)
    assert response.status_code == 201, response.content
    return response.json()


def test_list_is_visible_to_staff_owner_and_driver_only(
    trip, ops_api, owner_api, stranger_api, make_user, api_login
):
    shipment, _task, stops, driver_api = trip
    first = send(driver_api, shipment, stopId=str(stops[0].public_id), photoType="PORT_GATE_PASS")
    second = send(driver_api, shipment, stopId=str(stops[1].public_id))
    for client in (
        ops_api,
        owner_api,
        driver_api,
        api_login(make_user(Role.DISPATCHER)),
        api_login(make_user(Role.ACCOUNTING)),
    ):
        response = client.get(pods_url(shipment))
        assert response.status_code == 200, response.content
        assert [p["id"] for p in response.json()["items"]] == [first["id"], second["id"]]
    by_stop = ops_api.get(pods_url(shipment), {"stopId": str(stops[1].public_id)}).json()
    assert [p["id"] for p in by_stop["items"]] == [second["id"]]
    by_type = ops_api.get(pods_url(shipment), {"photoType": "PORT_GATE_PASS"}).json()
    assert [p["id"] for p in by_type["items"]] == [first["id"]]
    # another company and an unassigned driver: 404 on the list, the file and the thumbnail
    for client in (stranger_api, api_login(make_user(Role.DRIVER))):
        assert client.get(pods_url(shipment)).status_code == 404
        assert client.get(f"/api/pods/{first['id']}").status_code == 404
        assert client.get(f"/api/pods/{first['id']}/file").status_code == 404
        assert client.get(f"/api/pods/{first['id']}/thumbnail").status_code == 404


def test_anonymous_gets_401(trip, anon, ops_api):
    shipment, *_ = trip
    pod = send(ops_api, shipment)
    assert anon.get(f"/api/pods/{pod['id']}/file").status_code == 401
    assert anon.get(pods_url(shipment)).status_code == 401
    response = anon.client.post(pods_url(shipment), {"file": upload_file(jpeg_bytes())})
    assert response.status_code == 401


def test_list_query_count_does_not_grow_with_page_size(trip, ops_api):
    shipment, *_ = trip
    for _ in range(22):
        send(ops_api, shipment, png_bytes(), "x.png")
    counts = []
    for limit in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            response = ops_api.get(pods_url(shipment), {"limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1]
    page = ops_api.get(pods_url(shipment), {"limit": 20}).json()
    rest = ops_api.get(pods_url(shipment), {"limit": 20, "cursor": page["nextCursor"]}).json()
    assert len(rest["items"]) == 2 and rest["nextCursor"] is None


def test_download_headers_image_inline_pdf_attachment(trip, owner_api, ops_api):
    shipment, *_ = trip
    data = jpeg_bytes()
    image = send(ops_api, shipment, data, 'evil".html')
    response = owner_api.get(image["fileUrl"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert body_of(response) == data
    pdf = send(ops_api, shipment, pdf_bytes(), "pod.pdf")
    response = owner_api.get(pdf["fileUrl"])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="pod.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert owner_api.get(f"/api/pods/{pdf['id']}/thumbnail").status_code == 404


def test_edit_and_delete_before_lock(
    trip, ops_api, make_user, api_login, _media, django_capture_on_commit_callbacks
):
    shipment, _task, stops, driver_api = trip
    pod = send(driver_api, shipment, stopId=str(stops[1].public_id))
    edited = driver_api.patch(f"/api/pods/{pod['id']}", {"note": "better note"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["note"] == "better note"
    # another OPS may; a different driver sees nothing; customers may not
    assert api_login(make_user(Role.DRIVER)).delete(f"/api/pods/{pod['id']}").status_code == 404
    assert len(stored_files(_media)) == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ops_api.delete(f"/api/pods/{pod['id']}")
        assert response.status_code == 204, response.content
        assert len(stored_files(_media)) == 2  # not before the commit
    assert len(callbacks) == 1
    assert not PodFile.objects.exists()
    assert stored_files(_media) == []  # file and thumbnail removed after commit


def test_delete_by_another_driver_upload_is_forbidden(trip, ops_api):
    shipment, _task, _stops, driver_api = trip
    pod = send(ops_api, shipment)
    response = driver_api.delete(f"/api/pods/{pod['id']}")
    assert response.status_code == 403

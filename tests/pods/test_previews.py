"""A photo upload writes only the file and its row; the worker makes the thumbnail (and a HEIC
photo's JPEG rendition) after the commit, and records their keys where archive, backup and
sweep look (`PodFile.key_fields`). Until then the thumbnail download answers sensibly."""

import io

from django.test import TestCase
from PIL import Image

from unicon.pods.models import PodFile

from .conftest import body_of, camera_jpeg, jpeg_bytes, multipart, stored_files, upload_file


def _upload(api, shipment, data, name, ctype):
    """Upload without running the queued task; returns (pod JSON, the queued callbacks)."""
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = multipart(
            api,
            f"/api/shipments/{shipment.public_id}/pods",
            {"file": upload_file(data, name, ctype)},
            run_jobs=False,
        )
    assert response.status_code == 201, response.content
    return response.json(), queued


def test_thumbnail_is_made_after_the_upload(trip, ops_api, _media):
    shipment, *_ = trip
    data = jpeg_bytes((800, 400))
    pod, queued = _upload(ops_api, shipment, data, "a.jpg", "image/jpeg")
    row = PodFile.objects.get(public_id=pod["id"])
    assert row.thumbnail_key == "" and stored_files(_media) == [row.storage_key]
    pending = ops_api.get(f"/api/pods/{pod['id']}/thumbnail")
    assert pending.status_code == 200 and body_of(pending) == data  # the photo itself
    assert len(queued) == 2  # the previews, then the "all photos in" check (notifications)
    queued[0]()  # the worker's turn (tests run queued tasks at once)
    row.refresh_from_db()
    keys = [getattr(row, name) for name in PodFile.key_fields() if getattr(row, name)]
    assert sorted(keys) == sorted(stored_files(_media))
    assert row.thumbnail_key in keys
    thumb = ops_api.get(f"/api/pods/{pod['id']}/thumbnail")
    assert thumb.status_code == 200
    with Image.open(io.BytesIO(body_of(thumb))) as image:
        assert max(image.size) == 320
    queued[0]()  # a repeated task changes and writes nothing
    assert sorted(stored_files(_media)) == sorted(keys)


def test_heic_rendition_is_made_by_the_worker(trip, ops_api, _media):
    shipment, *_ = trip
    pod, queued = _upload(
        ops_api, shipment, camera_jpeg((640, 480), fmt="HEIF"), "b.heic", "image/heic"
    )
    pending = ops_api.get(f"/api/pods/{pod['id']}/thumbnail")
    assert pending.status_code == 404
    assert "still being made" in pending.json()["error"]["message"]
    queued[0]()
    row = PodFile.objects.get(public_id=pod["id"])
    assert row.thumbnail_key and row.rendition_key
    assert sorted(stored_files(_media)) == sorted(
        [row.storage_key, row.thumbnail_key, row.rendition_key]
    )
    assert ops_api.get(pod["fileUrl"])["Content-Type"] == "image/jpeg"


def test_deleted_before_the_worker_leaves_no_file(trip, ops_api, _media):
    shipment, *_ = trip
    pod, queued = _upload(ops_api, shipment, jpeg_bytes(), "c.jpg", "image/jpeg")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert ops_api.delete(f"/api/pods/{pod['id']}").status_code == 204
    queued[0]()
    assert stored_files(_media) == []


def test_upload_request_writes_only_the_file(trip, ops_api, _media):
    """A large phone photo: shrunk and written in the request, no thumbnail file yet."""
    shipment, *_ = trip
    pod, _ = _upload(ops_api, shipment, camera_jpeg((1600, 1200)), "d.jpg", "image/jpeg")
    assert len(stored_files(_media)) == 1
    assert not PodFile.objects.get(public_id=pod["id"]).thumbnail_key

"""POD uploads through the API: content checks, limits, EXIF, who may upload, storage hygiene."""

import hashlib
import io

import pytest
from django.db import IntegrityError
from PIL import Image

from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.dispatch.models import TaskStatus
from unicon.pods.models import PodFile

from .conftest import (
    body_of,
    image_bytes,
    jpeg_bytes,
    multipart,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload_file,
)


def pods_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/pods"


def test_driver_uploads_jpeg_to_a_stop(trip, _media):
    shipment, task, stops, driver_api = trip
    data = jpeg_bytes()
    response = multipart(
        driver_api,
        pods_url(shipment),
        {
            "file": upload_file(data, "../../etc/IMG 001.JPG"),
            "stopId": str(stops[0].public_id),
            "photoType": "CONTAINER_EXTERIOR",
            "note": "seal ok",
        },
    )
    assert response.status_code == 201, response.content
    pod = response.json()
    assert pod["contentType"] == "image/jpeg"
    assert pod["size"] == len(data)
    assert pod["sha256"] == hashlib.sha256(data).hexdigest()
    assert pod["originalName"] == "IMG 001.JPG"
    assert pod["stop"]["sequence"] == 1
    assert pod["photoType"] == "CONTAINER_EXTERIOR"
    assert pod["note"] == "seal ok"
    assert pod["uploadedBy"]["id"] == str(task.driver.user.public_id)
    assert (pod["width"], pod["height"]) == (40, 20)
    assert pod["hasThumbnail"] and not pod["locked"] and not pod["archived"]
    row = PodFile.objects.get(public_id=pod["id"])
    # server-generated key, never the user's name
    assert row.storage_key.startswith("pods/") and row.storage_key.endswith(".jpg")
    assert "IMG" not in row.storage_key and ".." not in row.storage_key
    assert sorted(stored_files(_media)) == sorted([row.storage_key, row.thumbnail_key])
    assert (_media / row.storage_key).read_bytes() == data
    assert AuditEntry.objects.filter(action="pod.upload", object_id=str(row.pk)).exists()


def test_runbook_upload_form_with_shipment_number(trip, ops_api):
    shipment, *_ = trip
    response = multipart(
        ops_api,
        "/api/pods/upload",
        {"file": upload_file(png_bytes(), "test.png"), "shipmentId": shipment.number.lower()},
    )
    assert response.status_code == 201, response.content
    assert response.json()["contentType"] == "image/png"
    assert response.json()["shipmentNumber"] == shipment.number
    assert response.json()["photoType"] == "OTHER"
    by_id = multipart(
        ops_api,
        "/api/pods/upload",
        {"file": upload_file(pdf_bytes(), "pod.pdf"), "shipmentId": str(shipment.public_id)},
    )
    assert by_id.status_code == 201, by_id.content
    assert by_id.json()["contentType"] == "application/pdf"
    assert by_id.json()["hasThumbnail"] is False
    missing = multipart(ops_api, "/api/pods/upload", {"file": upload_file(png_bytes())})
    assert missing.status_code == 400
    assert "shipmentId" in missing.json()["error"]["details"]


@pytest.mark.parametrize(("fmt", "ctype"), [("WEBP", "image/webp"), ("HEIF", "image/heic")])
def test_phone_formats_webp_and_heic(trip, ops_api, fmt, ctype):
    shipment, *_ = trip
    response = multipart(
        ops_api,
        pods_url(shipment),
        {"file": upload_file(image_bytes(fmt), "phone.bin", "application/octet-stream")},
    )
    assert response.status_code == 201, response.content
    assert response.json()["contentType"] == ctype
    assert response.json()["hasThumbnail"]


def test_exif_orientation_capture_time_and_gps(trip, ops_api):
    shipment, *_ = trip
    data = jpeg_bytes(
        (40, 20),
        orientation=6,
        taken="2026:11:20 14:30:00",
        gps=(("N", (10.0, 45.0, 36.0)), ("E", (106.0, 43.0, 12.0))),
    )
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(data)})
    assert response.status_code == 201, response.content
    pod = response.json()
    assert (pod["width"], pod["height"]) == (20, 40)  # rotated upright
    assert pod["capturedAt"].startswith("2026-11-20T07:30:00")  # 14:30 in Asia/Ho_Chi_Minh
    assert float(pod["latitude"]) == pytest.approx(10.76)
    assert float(pod["longitude"]) == pytest.approx(106.72)
    # the answer is built from the file just created, not read back: it must be the same body
    assert response.content == ops_api.get(f"/api/pods/{pod['id']}").content
    thumb = ops_api.get(pod["thumbnailUrl"])
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(body_of(thumb))) as image:
        assert image.size[0] < image.size[1]  # the thumbnail is upright too


def test_south_west_gps_is_negative(trip, ops_api):
    shipment, *_ = trip
    data = jpeg_bytes(gps=(("S", (33.0, 52.0, 0.0)), ("W", (70.0, 30.0, 0.0))))
    pod = multipart(ops_api, pods_url(shipment), {"file": upload_file(data)}).json()
    assert float(pod["latitude"]) == pytest.approx(-33.866667)
    assert float(pod["longitude"]) == pytest.approx(-70.5)
    assert pod["capturedAt"] is None


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff<html><script>alert(1)</script></html>",  # JPEG magic, not an image
        b"GIF89a" + b"\x00" * 50,
        pdf_bytes(b"<html><body><script>alert(1)</script></body></html>\n"),  # polyglot
        b"%PDF-1.4\n<script>alert(1)</script>",  # no %%EOF
    ],
    ids=["html", "fake-jpeg", "gif", "pdf-html-polyglot", "truncated-pdf"],
)
def test_fake_types_are_refused(trip, ops_api, data, _media):
    shipment, *_ = trip
    response = multipart(
        ops_api, pods_url(shipment), {"file": upload_file(data, "photo.jpg", "image/jpeg")}
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert not PodFile.objects.exists()
    assert stored_files(_media) == []


def test_wrong_type_lists_accepted_types(trip, ops_api):
    shipment, *_ = trip
    response = multipart(
        ops_api, pods_url(shipment), {"file": upload_file(b"hello", "a.jpg", "image/jpeg")}
    )
    error = response.json()["error"]
    assert "JPEG, PNG, PDF" in error["message"]
    assert "application/pdf" in error["details"]["accepted"]


def test_oversize_is_413_and_limit_is_configurable(trip, ops_api, settings, _media):
    shipment, *_ = trip
    limit = 20 * 1024 * 1024
    assert limit == settings.POD_MAX_BYTES
    big = pdf_bytes() + b"\n" + b"0" * limit  # 20 MB + a little: spooled to disk by Django
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(big, "big.pdf")})
    assert response.status_code == 413, response.content
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert response.json()["error"]["details"]["maxBytes"] == limit
    exactly = jpeg_bytes()
    settings.POD_MAX_BYTES = len(exactly)
    ok = multipart(ops_api, pods_url(shipment), {"file": upload_file(exactly)})
    assert ok.status_code == 201
    one_more = multipart(ops_api, pods_url(shipment), {"file": upload_file(exactly + b"\0")})
    assert one_more.status_code == 413
    assert PodFile.objects.count() == 1


def test_photo_type_must_be_required_by_the_stop(trip, ops_api):
    shipment, _task, stops, driver_api = trip
    first, second = stops

    def send(client, stop, photo_type):
        data = {"file": upload_file(jpeg_bytes()), "stopId": str(stop.public_id)}
        if photo_type:
            data["photoType"] = photo_type
        return multipart(client, pods_url(shipment), data)

    refused = send(driver_api, first, "WEIGHT_TICKET")
    assert refused.status_code == 400
    assert refused.json()["error"]["details"]["photoType"] == [
        "CONTAINER_EXTERIOR",
        "PORT_GATE_PASS",
    ]
    assert send(driver_api, first, "OTHER").status_code == 400  # drivers: only required types
    assert send(driver_api, first, None).status_code == 400
    assert send(ops_api, first, "OTHER").status_code == 201  # ops may add OTHER
    assert send(driver_api, second, "OTHER").status_code == 201  # stop without a list
    assert send(driver_api, second, "NOT_A_TYPE").status_code == 400
    # a stop of another shipment
    other = multipart(
        ops_api,
        pods_url(shipment),
        {"file": upload_file(jpeg_bytes()), "stopId": "00000000-0000-0000-0000-000000000000"},
    )
    assert other.status_code == 400


def test_who_may_upload(trip, make_user, api_login, make_shipment, assign, owner_api, company):
    shipment, task, _stops, driver_api = trip

    def send(client, target=shipment):
        return multipart(client, pods_url(target), {"file": upload_file(jpeg_bytes())})

    assert send(api_login(make_user(Role.ADMIN))).status_code == 201
    assert send(api_login(make_user(Role.DISPATCHER))).status_code == 403
    assert send(api_login(make_user(Role.ACCOUNTING))).status_code == 403
    assert send(owner_api).status_code == 403  # customers see but do not upload PODs
    # a driver with no task on the shipment does not even see it
    other_driver = make_user(Role.DRIVER)
    assert send(api_login(other_driver)).status_code == 404
    # a driver whose task was cancelled (re-assigned) sees the shipment but may not upload
    other = make_shipment()
    cancelled = assign(other, status=TaskStatus.CANCELLED)
    assert send(api_login(cancelled.driver.user), other).status_code == 403
    # a past (completed) task still counts
    done = make_shipment()
    assign(done, driver=task.driver, status=TaskStatus.COMPLETED)
    assert send(driver_api, done).status_code == 201
    assert send(api_login(make_user(Role.OPS)), make_shipment(company)).status_code == 201


def test_no_row_when_storage_fails(trip, ops_api, monkeypatch, _media):
    shipment, *_ = trip
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    calls = []

    def flaky(self, name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 1:  # the file write fails (the thumbnail is the worker's)
            raise OSError("disk full")
        return real_save(self, name, content, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", flaky)
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(jpeg_bytes())})
    assert response.status_code == 500
    assert "nothing was saved" in response.json()["error"]["message"]
    assert not PodFile.objects.exists()
    assert stored_files(_media) == []


def test_no_orphan_file_when_the_database_write_fails(trip, ops_api, monkeypatch, _media):
    shipment, *_ = trip

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("simulated database failure")

    monkeypatch.setattr(PodFile, "save", broken_save)
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(jpeg_bytes())})
    assert response.status_code == 500
    assert stored_files(_media) == []


def test_huge_body_refused_from_content_length_before_parsing(trip, ops_api, monkeypatch):
    shipment, *_ = trip
    from django.http import multipartparser

    def never(*args, **kwargs):
        raise AssertionError("the body must not be parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", never)
    big = b"\xff\xd8\xff" + b"0" * (21 * 1024 * 1024)
    for url in (pods_url(shipment), "/api/pods/upload"):
        response = multipart(ops_api, url, {"file": upload_file(big), "shipmentId": "x"})
        assert response.status_code == 413, response.content
        assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_upload_signal_fires_inside_the_transaction(trip, ops_api):
    from unicon.pods.signals import pod_uploaded

    shipment, *_ = trip
    seen = []

    def receiver(sender, pod, actor, **kwargs):
        seen.append((pod.shipment_id, actor.role))

    pod_uploaded.connect(receiver)
    try:
        multipart(ops_api, pods_url(shipment), {"file": upload_file(png_bytes())})
    finally:
        pod_uploaded.disconnect(receiver)
    assert seen == [(shipment.pk, Role.OPS)]


def test_twenty_megabytes_pass_and_one_byte_more_is_413(trip, ops_api):
    shipment, *_ = trip
    limit = 20 * 1024 * 1024

    def pdf_of(size: int) -> bytes:
        padding = size - len(pdf_bytes())
        while len(data := pdf_bytes(b"%" + b"0" * padding + b"\n")) != size:
            padding -= len(data) - size
        return data

    exactly, over = pdf_of(limit), pdf_of(limit + 1)
    assert (len(exactly), len(over)) == (limit, limit + 1)
    ok = multipart(ops_api, pods_url(shipment), {"file": upload_file(exactly, "big.pdf")})
    assert ok.status_code == 201, ok.content
    assert ok.json()["size"] == limit
    refused = multipart(ops_api, pods_url(shipment), {"file": upload_file(over, "big.pdf")})
    assert refused.status_code == 413
    assert refused.json()["error"]["details"] == {"maxBytes": limit, "size": limit + 1}


def _noise_jpeg() -> bytes:
    import random

    pixels = random.Random(7).randbytes(300 * 300 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (300, 300), pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.mark.parametrize("damage", ["cut-in-half", "end-missing", "bytes-flipped"])
def test_a_damaged_photo_is_refused_at_the_gate(trip, ops_api, damage, _media):
    """The content check decodes the whole JPEG stream (at 1/8 scale): a photo cut off by a
    lost connection or garbled on the way is refused while the driver can still take another,
    never accepted as evidence and found broken later — also once the process has made a PDF
    (importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES)."""
    import contextlib
    import random

    from unicon.core import pdf

    # what rendering an invoice PDF imports first (without Pango, nothing is imported)
    with contextlib.suppress(pdf.PdfUnavailable):
        pdf._weasyprint()

    data = _noise_jpeg()
    if damage == "cut-in-half":
        data = data[: len(data) // 2]
    elif damage == "end-missing":
        data = data[:-120]
    else:
        garbled, rng = bytearray(data), random.Random(1)
        for _ in range(200):
            garbled[rng.randrange(1000, len(garbled) - 10)] = rng.randrange(256)
        data = bytes(garbled)
    shipment, *_ = trip
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(data)})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and list(error["details"]) == ["file"], error
    assert not PodFile.objects.exists()
    assert stored_files(_media) == []

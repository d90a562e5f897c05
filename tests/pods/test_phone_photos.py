"""Any phone-camera photo gets through and stays evidence (issue 12, item 3): a 12 MP JPEG sent
by an API client is stored shrunk with its EXIF; a HEIC photo gets a JPEG rendition."""

import io

from PIL import Image

from .conftest import EXIF_IFD, GPS_IFD, TAKEN, body_of, camera_jpeg, multipart, upload_file


def _exif_of(data: bytes) -> tuple[str, dict, int]:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return exif.get_ifd(EXIF_IFD)[36867], dict(exif.get_ifd(GPS_IFD)), exif[0x0112]


def test_twelve_megapixel_jpeg_is_stored_shrunk_with_its_exif(trip, ops_api):
    shipment, *_ = trip
    original = camera_jpeg()
    assert len(original) > 6 * 1024 * 1024
    response = multipart(
        ops_api,
        f"/api/shipments/{shipment.public_id}/pods",
        {"file": upload_file(original, "IMG_0001.JPG")},
    )
    assert response.status_code == 201, response.content
    pod = response.json()
    assert (pod["width"], pod["height"]) == (1440, 1920)  # upright, long side 1920
    assert pod["size"] < 1.5 * 1024 * 1024
    assert pod["receivedSize"] == len(original)
    assert pod["receivedSha256"] != pod["sha256"]
    assert pod["capturedAt"].startswith("2026-11-20T07:30:00")  # 14:30 in Hồ Chí Minh City
    assert (pod["latitude"], pod["longitude"]) == ("10.760000", "106.720000")

    stored = body_of(ops_api.get(pod["fileUrl"]))
    assert len(stored) == pod["size"]
    taken, gps, orientation = _exif_of(stored)
    assert (taken, orientation) == (TAKEN, 6)
    assert (gps[1], gps[3]) == ("N", "E")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1920, 1440)  # stored as the camera stored it, EXIF turns it


def test_small_photos_are_stored_as_sent(trip, ops_api):
    shipment, *_ = trip
    small = camera_jpeg((800, 600))
    response = multipart(
        ops_api, f"/api/shipments/{shipment.public_id}/pods", {"file": upload_file(small)}
    )
    pod = response.json()
    assert pod["sha256"] == pod["receivedSha256"]
    assert body_of(ops_api.get(pod["fileUrl"])) == small


def test_heic_is_kept_and_served_as_a_jpeg_rendition(trip, ops_api):
    shipment, *_ = trip
    heic = camera_jpeg((640, 480), fmt="HEIF")
    response = multipart(
        ops_api,
        f"/api/shipments/{shipment.public_id}/pods",
        {"file": upload_file(heic, "IMG_0002.HEIC", "image/heic")},
    )
    assert response.status_code == 201, response.content
    pod = response.json()
    assert pod["contentType"] == "image/heic"
    assert pod["sha256"] == pod["receivedSha256"]

    shown = ops_api.get(pod["fileUrl"])
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["Content-Disposition"].startswith("inline")
    rendition = body_of(shown)
    with Image.open(io.BytesIO(rendition)) as image:
        assert image.format == "JPEG"
        assert image.size == (pod["width"], pod["height"])  # full size, upright
        exif = image.getexif()
        assert exif.get_ifd(EXIF_IFD)[36867] == TAKEN
        assert exif.get_ifd(GPS_IFD)[1] == "N"
        assert 0x0112 not in exif

    sent = ops_api.get(pod["originalUrl"])
    assert sent["Content-Type"] == "image/heic"
    assert body_of(sent) == heic

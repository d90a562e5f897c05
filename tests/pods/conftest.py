"""Builders for the POD tests: real image/PDF bytes, a dispatched shipment with its driver,
a private media folder per test. Behaviour is exercised through the API and the commands."""

import datetime as dt
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image

from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import OperationStatus, PhotoType, Shipment, Stop, StopType

FAR = dt.date(2099, 12, 31)
_counter = itertools.count(1)
EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def jpeg_bytes(size=(40, 20), color="red", *, orientation=None, taken=None, gps=None) -> bytes:
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    if orientation:
        exif[274] = orientation
    if taken:
        exif.get_ifd(EXIF_IFD)[36867] = taken
    if gps:
        (lat_ref, lat), (lng_ref, lng) = gps
        ifd = exif.get_ifd(GPS_IFD)
        ifd[1], ifd[2], ifd[3], ifd[4] = lat_ref, lat, lng_ref, lng
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


TAKEN = "2026:11:20 14:30:00"
GPS = (("N", (10.0, 45.0, 36.0)), ("E", (106.0, 43.0, 12.0)))


def camera_jpeg(size=(4032, 3024), fmt="JPEG") -> bytes:
    """A 12 MP photo with a phone's EXIF (capture time, GPS, orientation); noisy enough to
    weigh what a real one weighs (~6.7 MB as JPEG)."""
    noise = Image.effect_noise(size, 24)
    image = Image.merge(
        "RGB",
        (
            noise,
            noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            noise.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        ),
    )
    exif = Image.Exif()
    exif[0x0112] = 6  # held upright: the camera stores it turned a quarter
    exif.get_ifd(EXIF_IFD)[36867] = TAKEN
    ifd = exif.get_ifd(GPS_IFD)
    (ifd[1], ifd[2]), (ifd[3], ifd[4]) = GPS
    out = io.BytesIO()
    image.save(out, fmt, quality=90, exif=exif)
    return out.getvalue()


def png_bytes(size=(30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 255, 128)).save(out, "PNG")
    return out.getvalue()


def image_bytes(fmt: str, size=(30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, fmt)
    return out.getvalue()


def pdf_bytes(extra: bytes = b"") -> bytes:
    """A minimal valid one-page PDF (with a correct xref table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n" + extra)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def upload_file(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def multipart(api, path: str, data: dict, *, run_jobs: bool = True):
    """POST multipart/form-data with the client's bearer token. `run_jobs`: run the tasks the
    request queues on commit (a photo's thumbnail, `unicon.pods.previews`) as the worker
    would, right after it; False leaves them unrun (the test transaction never commits)."""
    if not run_jobs:
        return api.client.post(path, data, headers=api._headers(None))
    with TestCase.captureOnCommitCallbacks(execute=True):
        return api.client.post(path, data, headers=api._headers(None))


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test writes into its own media folder (local storage)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LANGUAGE_CODE = "en"  # messages are asserted in English (the msgids)
    return tmp_path / "media"


def stored_files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def company(make_customer):
    return make_customer(code="APT", name="An Phát Thịnh")


@pytest.fixture
def other_company(make_customer):
    return make_customer(code="VNM", name="Vinamilk")


@pytest.fixture
def make_crew(make_user):
    def make(user=None):
        n = next(_counter)
        entity, _ = LegalEntity.objects.get_or_create(code="UNI", defaults={"name": "Unicon"})
        tractor = Vehicle.objects.create(
            vehicle_type=VehicleType.TRACTOR,
            plate=f"51C{n:05d}",
            owner=entity,
            inspection_expiry=FAR,
            insurance_expiry=FAR,
            operation_permit_expiry=FAR,
        )
        user = user or make_user(Role.DRIVER, full_name=f"Driver {n}")
        driver = Driver.objects.create(user=user, phone=f"09{n:08d}", licence_expiry=FAR)
        return driver, tractor

    return make


REQUIRED = {
    1: [PhotoType.CONTAINER_EXTERIOR, PhotoType.PORT_GATE_PASS],
    2: [],
}


@pytest.fixture
def make_shipment(company):
    def make(customer=None, *, status=OperationStatus.DISPATCHED, required=None) -> Shipment:
        n = next(_counter)
        start = timezone.now() + dt.timedelta(hours=1)
        shipment = Shipment.objects.create(
            number=f"SHP-2099-{n:04d}",
            customer=customer or company,
            shipment_type="EXPORT",
            operation_status=status,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=8),
        )
        for seq, photos in (required or REQUIRED).items():
            Stop.objects.create(
                shipment=shipment,
                sequence=seq,
                stop_type=StopType.DEPOT,
                location_name=f"Stop {seq}",
                planned_arrival=start,
                planned_departure=start + dt.timedelta(hours=8),
                required_photos=[str(p) for p in photos],
            )
        return shipment

    return make


@pytest.fixture
def assign(make_crew):
    def assign(shipment, driver=None, status=TaskStatus.PENDING) -> DriverTask:
        crew_driver, tractor = make_crew()
        return DriverTask.objects.create(
            shipment=shipment,
            driver=driver or crew_driver,
            tractor=tractor,
            status=status,
            planned_start=shipment.planned_start,
            planned_end=shipment.planned_end,
        )

    return assign


@pytest.fixture
def trip(make_shipment, assign, api_login):
    """A dispatched shipment (stop 1 needs two photo types, stop 2 none), its driver's task
    and an API client logged in as that driver."""
    shipment = make_shipment()
    task = assign(shipment)
    stops = list(shipment.stops.order_by("sequence"))
    return shipment, task, stops, api_login(task.driver.user)


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS)


@pytest.fixture
def ops_api(ops, api_login):
    return api_login(ops)


@pytest.fixture
def admin_api(make_user, api_login):
    return api_login(make_user(Role.ADMIN))


@pytest.fixture
def owner_api(make_user, company, api_login):
    return api_login(make_user(Role.CUSTOMER_OWNER, customer=company))


@pytest.fixture
def stranger_api(make_user, other_company, api_login):
    return api_login(make_user(Role.CUSTOMER_OWNER, customer=other_company))


# --------------------------------------------------------------------------- S3 (moto server)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3-compatible HTTP server (moto's stand-alone server) on a free local port."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(moto_endpoint, monkeypatch):
    """A boto3 client on the moto server and a factory of fresh buckets."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def bucket(prefix="unicon") -> str:
        name = f"{prefix}-{next(_counter)}-{timezone.now():%H%M%S%f}"
        client.create_bucket(Bucket=name)
        return name

    client.new_bucket = bucket
    client.endpoint = moto_endpoint
    return client


def s3_url(s3, bucket: str, prefix: str = "") -> str:
    return f"s3://{bucket}/{prefix}?endpoint_url={s3.endpoint}&region=us-east-1"


def bucket_keys(s3, bucket: str) -> list[str]:
    listed = s3.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def s3_primary(s3, settings):
    """Primary storage switched to a private bucket through a STORAGE_URL-style s3:// URL."""
    from unicon.pods.storage_url import storage_setting

    bucket = s3.new_bucket("primary")
    settings.STORAGES = {**settings.STORAGES, "default": storage_setting(s3_url(s3, bucket))}
    return bucket

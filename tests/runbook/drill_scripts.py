"""Code run INSIDE `unicon shell` subprocesses by the drill tests (not collected by pytest).

`unicon shell -c "import runpy; runpy.run_path(PATH, run_name=ACTION)"` runs one action:

* `seed`: finished, settled shipments 120 days old (archivable) with stops, events, POD photos
  (with thumbnails) and scanned documents (with thumbnails), plus one live shipment; every
  timestamp has microseconds; an ops user `drill@example.com` / DRILL_PASSWORD;
* `checksums`: JSON {table: SHA-256 of every row, ordered by the first column};
* `files`: JSON {key: SHA-256} of everything in primary storage;
* `downloads`: logs in through the API and GETs every POD/document file and thumbnail:
  JSON {path: [status, SHA-256 of the body or the error code]}.
"""

import hashlib
import io
import json
import os
import posixpath
import urllib.request
from datetime import timedelta

PASSWORD = os.environ.get("DRILL_PASSWORD", "Drill-password-2026!")
SKIPPED_TABLES = {  # tables that running commands changes by design
    "core_auditentry",
    "accounts_user",  # last_login: the drill itself logs in to download
    "accounts_usersession",
    "django_session",
    "ops_archivedfile",
    "ops_systemmode",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "jobs_jobrun",  # the record of each scheduled job run
    "jobs_taskfailure",
}


def _jpeg(color: str, size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def _store(key: str, data: bytes) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    saved = default_storage.save(key, ContentFile(data))
    assert saved == key, saved


def seed() -> None:
    from django.utils import timezone

    from unicon.accounts import services as accounts
    from unicon.core.roles import Role
    from unicon.customers.models import Customer
    from unicon.pods.models import DocumentType, PodFile, ShipmentDocument
    from unicon.shipments.models import (
        DocumentStatus,
        FinancialStatus,
        OperationStatus,
        PhotoType,
        Shipment,
        Stop,
        StopType,
    )

    user = accounts.create_user(
        email="drill@example.com", full_name="Drill Ops", role=Role.OPS, password=PASSWORD
    )
    customer = Customer.objects.create(code="DRL", name="Công ty Diễn tập")
    old = timezone.now() - timedelta(days=120, microseconds=123457)
    specs = [
        ("SHP-2020-0001", OperationStatus.DELIVERED, DocumentStatus.DOC_RETURNED, "PAID"),
        ("SHP-2020-0002", OperationStatus.CANCELLED, DocumentStatus.DOC_PENDING, "NOT_BILLED"),
        ("SHP-2020-0003", OperationStatus.IN_TRANSIT, DocumentStatus.DOC_PENDING, "NOT_BILLED"),
    ]
    for index, (number, op, doc, fin) in enumerate(specs, start=1):
        shipment = Shipment.objects.create(
            number=number,
            customer=customer,
            shipment_type="EXPORT",
            operation_status=op,
            document_status=doc,
            financial_status=getattr(FinancialStatus, fin),
            planned_start=old,
            planned_end=old + timedelta(hours=8, microseconds=7),
            special_instructions="Ghi chú tiếng Việt",
        )
        stop = Stop.objects.create(
            shipment=shipment,
            sequence=1,
            stop_type=StopType.DEPOT,
            location_name="Cảng Cát Lái",
            planned_arrival=old,
            planned_departure=old,
        )
        for n, color in enumerate(("red", "blue"), start=1):
            data = _jpeg(color)
            key = f"pods/2020/07/{number.lower()}-{n}.jpg"
            thumb = f"pods/2020/07/{number.lower()}-{n}.thumb.jpg"
            _store(key, data)
            _store(thumb, _jpeg(color, (32, 24)))
            PodFile.objects.create(
                shipment=shipment,
                stop=stop,
                photo_type=PhotoType.OTHER,
                storage_key=key,
                thumbnail_key=thumb,
                original_name=f"ảnh {n}.jpg",
                content_type="image/jpeg",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                width=64,
                height=48,
                uploaded_by=user,
                uploaded_at=old + timedelta(microseconds=index * 10 + n),
            )
        paper = b"%PDF-1.4\n" + number.encode() * 50 + b"\n%%EOF\n"
        key = f"documents/2020/07/{number.lower()}.pdf"
        _store(key, paper)
        thumb = f"documents/2020/07/{number.lower()}.thumb.jpg"
        _store(thumb, _jpeg("green", (32, 24)))
        ShipmentDocument.objects.create(
            shipment=shipment,
            document_type=DocumentType.BILL_OF_LADING,
            storage_key=key,
            thumbnail_key=thumb,
            original_name="vận đơn.pdf",
            content_type="application/pdf",
            size=len(paper),
            sha256=hashlib.sha256(paper).hexdigest(),
            uploaded_by=user,
            uploaded_at=old + timedelta(microseconds=999999 - index),
        )
        Shipment.objects.filter(pk=shipment.pk).update(updated_at=old)


def checksums() -> None:
    from django.db import connection

    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in SKIPPED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            result[table] = digest.hexdigest()
    print(json.dumps(result))


def _walk(store, folder: str):
    dirs, names = store.listdir(folder)
    for name in names:
        yield posixpath.join(folder, name) if folder else name
    for name in dirs:
        yield from _walk(store, posixpath.join(folder, name) if folder else name)


def files() -> None:
    from django.core.files.storage import default_storage

    from unicon.pods import storage

    found = {}
    for key in _walk(default_storage, ""):
        found[key] = storage.sha256_of(default_storage, key)[0]
    print(json.dumps(found))


def downloads() -> None:
    from django.test import Client

    from unicon.pods.models import PodFile, ShipmentDocument

    client = Client()
    login = client.post(
        "/api/auth/login",
        {"email": "drill@example.com", "password": PASSWORD},
        content_type="application/json",
        secure=True,
    )
    assert login.status_code == 200, login.content
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    paths = [
        f"/api/pods/{p.public_id}/{what}"
        for p in PodFile.objects.all()
        for what in ("file", "thumbnail")
    ]
    paths += [
        f"/api/documents/{d.public_id}/{what}"
        for d in ShipmentDocument.objects.all()
        for what in ("file", "thumbnail")
    ]
    result = {}
    for path in sorted(paths):
        response = client.get(path, headers=headers, secure=True)
        if response.status_code == 302:  # S3: a signed URL, fetched like a browser would
            with urllib.request.urlopen(response["Location"]) as signed:
                result[path] = [200, hashlib.sha256(signed.read()).hexdigest()]
        elif response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            result[path] = [200, hashlib.sha256(body).hexdigest()]
        else:
            result[path] = [response.status_code, response.json()["error"]["code"]]
    print(json.dumps(result))


ACTIONS = {"seed": seed, "checksums": checksums, "files": files, "downloads": downloads}
if __name__ in ACTIONS:
    ACTIONS[__name__]()

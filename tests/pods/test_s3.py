"""The S3 path end to end against a real S3-compatible server (moto's stand-alone server)."""

import hashlib
import urllib.request
from urllib.parse import parse_qs, urlsplit

from django.core.files.storage import default_storage
from django.db import IntegrityError

from unicon.pods.models import PodFile
from unicon.pods.storage_url import s3_options, storage_setting

from .conftest import bucket_keys, jpeg_bytes, multipart, pdf_bytes, upload_file


def pods_url(shipment) -> str:
    return f"/api/shipments/{shipment.public_id}/pods"


def test_storage_url_parsing(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIA")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    url = "s3://pods-bucket/prod/?endpoint_url=https://s3.example.com&region=ap-southeast-1"
    options = s3_options(url, signed_url_seconds=120)
    assert options["bucket_name"] == "pods-bucket"
    assert options["location"] == "prod"
    assert options["endpoint_url"] == "https://s3.example.com"
    assert options["region_name"] == "ap-southeast-1"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 120
    assert (options["access_key"], options["secret_key"]) == ("AKIA", "secret")
    assert storage_setting(url)["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage_setting("/srv/media")["BACKEND"].endswith("FileSystemStorage")


def test_upload_and_signed_download_on_s3(trip, ops_api, owner_api, s3, s3_primary):
    shipment, *_ = trip
    data = jpeg_bytes()
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(data)})
    assert response.status_code == 201, response.content
    pod = PodFile.objects.get(public_id=response.json()["id"])
    assert bucket_keys(s3, s3_primary) == sorted([pod.storage_key, pod.thumbnail_key])
    stored = s3.get_object(Bucket=s3_primary, Key=pod.storage_key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == pod.sha256
    # objects are private: no anonymous read
    acl = s3.get_object_acl(Bucket=s3_primary, Key=pod.storage_key)
    assert not [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee", {}))]

    download = owner_api.get(f"/api/pods/{pod.public_id}/file")
    assert download.status_code == 302
    assert download["X-Content-Type-Options"] == "nosniff"
    location = download["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("inline")
    assert query["response-content-type"] == ["image/jpeg"]
    with urllib.request.urlopen(location) as fetched:  # the signed URL works without a token
        assert fetched.read() == data
    # PDF: attachment
    pdf = multipart(ops_api, pods_url(shipment), {"file": upload_file(pdf_bytes(), "a.pdf")})
    signed = owner_api.get(f"/api/pods/{pdf.json()['id']}/file")["Location"]
    assert parse_qs(urlsplit(signed).query)["response-content-disposition"][0].startswith(
        "attachment"
    )


def test_no_orphan_object_when_the_database_write_fails(trip, ops_api, monkeypatch, s3, s3_primary):
    shipment, *_ = trip

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(PodFile, "save", broken_save)
    response = multipart(ops_api, pods_url(shipment), {"file": upload_file(jpeg_bytes())})
    assert response.status_code == 500
    assert bucket_keys(s3, s3_primary) == []


def test_health_check_reaches_the_bucket(anon, s3, s3_primary):
    assert not default_storage.exists(".health")
    response = anon.get("/api/health")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["storage"]["status"] == "ok"


def test_streaming_from_s3_when_signed_urls_are_off(trip, ops_api, s3, s3_primary, settings):
    from .conftest import body_of

    settings.STORAGE_SIGNED_URLS = False
    shipment, *_ = trip
    data = jpeg_bytes()
    pod = multipart(ops_api, pods_url(shipment), {"file": upload_file(data)}).json()
    response = ops_api.get(pod["fileUrl"])
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == data

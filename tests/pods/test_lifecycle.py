"""Runbook §2.4 end to end: list-old-pods, archive-pods, delete-old-pods, restore-pod —
on local storage with a file:// archive and on S3 with an s3:// archive."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from unicon.core.models import AuditEntry
from unicon.pods import lifecycle
from unicon.pods.models import PodFile

from .conftest import bucket_keys, jpeg_bytes, multipart, pdf_bytes, png_bytes, s3_url, upload_file


def run(name, *args, **options) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=out, **options)
    return out.getvalue()


def upload(client, shipment, data, name):
    response = multipart(
        client, f"/api/shipments/{shipment.public_id}/pods", {"file": upload_file(data, name)}
    )
    assert response.status_code == 201, response.content
    return PodFile.objects.get(public_id=response.json()["id"])


def age(*pods, days=100):
    PodFile.objects.filter(pk__in=[p.pk for p in pods]).update(
        uploaded_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def old_files(trip, ops_api):
    shipment, *_ = trip
    photo = upload(ops_api, shipment, jpeg_bytes(), "old-photo.jpg")
    paper = upload(ops_api, shipment, pdf_bytes(), "old-pod.pdf")
    fresh = upload(ops_api, shipment, png_bytes(), "new.png")
    age(photo, paper)
    return shipment, photo, paper, fresh


def test_round_trip_on_local_storage(
    old_files, ops_api, tmp_path, _media, django_capture_on_commit_callbacks
):
    shipment, photo, paper, fresh = old_files
    archive_dir = tmp_path / "archive"
    destination = f"file://{archive_dir}/"

    listing = run("list_old_pods", days=90)
    assert "archived?" in listing and shipment.number in listing
    assert str(photo.public_id) in listing and str(paper.public_id) in listing
    assert str(fresh.public_id) not in listing
    assert "old-photo.jpg" in listing and "2 file(s)" in listing

    out = run("archive_pods", days=90, destination=destination)
    assert "Archived 2 file(s)" in out and "0 failed" in out
    assert "[1/2]" in out and "[2/2]" in out  # progress
    for pod in (photo, paper):
        pod.refresh_from_db()
        assert pod.archived_at and pod.archive_sha256 == pod.sha256
        assert pod.archive_url == f"file://{archive_dir}/{pod.storage_key}"
        copy = (archive_dir / pod.storage_key).read_bytes()
        assert hashlib.sha256(copy).hexdigest() == pod.sha256
    assert "archived" in run("list_old_pods", days=90)
    again = run("archive_pods", days=90, destination=destination)
    assert "Archived 0 file(s)" in again and "2 already archived" in again

    dry = run("delete_old_pods", days=90)
    assert dry.count("would delete") == 2 and "Nothing was changed" in dry
    assert (_media / photo.storage_key).exists()
    assert not PodFile.objects.filter(deleted_from_primary_at__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        out = run("delete_old_pods", days=90, confirm=True)
    assert "Deleted 2 file(s)" in out
    assert not (_media / photo.storage_key).exists()
    assert not (_media / paper.storage_key).exists()
    assert (_media / fresh.storage_key).exists()
    assert (_media / photo.thumbnail_key).exists()  # thumbnails stay for the listings

    # the POD still lists on its shipment, marked archived; its file answers 409
    items = ops_api.get(f"/api/shipments/{shipment.public_id}/pods").json()["items"]
    listed = {p["id"]: p for p in items}
    assert listed[str(photo.public_id)]["archived"] is True
    assert listed[str(photo.public_id)]["inPrimaryStorage"] is False
    assert ops_api.get(f"/api/pods/{photo.public_id}/file").status_code == 409
    assert ops_api.get(f"/api/pods/{photo.public_id}/thumbnail").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert "Deleted 0 file(s)" in run("delete_old_pods", days=90, confirm=True)

    name = photo.storage_key.rsplit("/", 1)[-1]  # the runbook's "--file pod-123.jpg"
    out = run("restore_pod", file=name, shipment_id=shipment.number)
    assert "Restored" in out and photo.sha256 in out
    restored = (_media / photo.storage_key).read_bytes()
    assert hashlib.sha256(restored).hexdigest() == photo.sha256
    photo.refresh_from_db()
    assert photo.deleted_from_primary_at is None and photo.archived_at is not None
    download = ops_api.get(f"/api/pods/{photo.public_id}/file")
    assert download.status_code == 200
    assert "already in primary storage" in run(
        "restore_pod", file=str(photo.public_id), shipment_id=str(shipment.public_id)
    )
    for action in ("pod.archive", "pod.delete_from_primary", "pod.restore", "pod.list_old"):
        assert AuditEntry.objects.filter(action=action).exists(), action


def test_unarchived_or_tampered_files_are_never_deleted(
    old_files, tmp_path, _media, django_capture_on_commit_callbacks
):
    _shipment, photo, paper, _fresh = old_files
    destination = f"file://{tmp_path}/archive/"
    PodFile.objects.filter(pk=paper.pk).update(uploaded_at=timezone.now())  # not old yet
    run("archive_pods", days=90, destination=destination)
    age(paper)  # now old, but without an archive copy
    (tmp_path / "archive" / photo.storage_key).write_bytes(b"tampered")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        run("delete_old_pods", days=90, confirm=True)
    assert (_media / photo.storage_key).exists()  # archive copy no longer verifies: kept
    assert (_media / paper.storage_key).exists()  # never archived: kept
    assert not PodFile.objects.filter(deleted_from_primary_at__isnull=False).exists()
    out = io.StringIO()
    with pytest.raises(SystemExit):  # the dry run checks the copies too, and fails the same
        call_command("delete_old_pods", days=90, stdout=out, stderr=out)
    dry = out.getvalue()
    assert f"keep {paper.storage_key}: no verified archive copy" in dry
    assert "archive copy not verified" in dry and "0 file(s) would be deleted" in dry


def test_interrupted_archive_run_completes_on_rerun(old_files, tmp_path, monkeypatch, settings):
    _shipment, photo, paper, _fresh = old_files
    settings.ARCHIVE_URL = str(tmp_path / "archive")  # the default destination: a plain folder
    destination = None
    real = lifecycle._copy_verified
    calls = []

    def killed_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the operator's Ctrl-C (or a crash) half-way
        return real(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "_copy_verified", killed_on_second)
    with pytest.raises(KeyboardInterrupt):
        run("archive_pods", days=90, destination=destination)
    assert PodFile.objects.filter(archived_at__isnull=False).count() == 1
    monkeypatch.setattr(lifecycle, "_copy_verified", real)
    out = run("archive_pods", days=90, destination=destination)
    assert "Archived 1 file(s)" in out and "1 already archived" in out
    for pod in (photo, paper):
        pod.refresh_from_db()
        assert pod.archive_sha256 == pod.sha256


def test_bad_arguments(old_files, settings):
    shipment, photo, *_ = old_files
    settings.ARCHIVE_URL = ""
    with pytest.raises(CommandError, match="destination"):
        run("archive_pods", days=90)
    with pytest.raises(CommandError, match="s3://"):
        run("archive_pods", days=90, destination="ftp://x/")
    with pytest.raises(CommandError, match="No POD file"):
        run("restore_pod", file="nope.jpg", shipment_id=shipment.number)
    with pytest.raises(CommandError, match="never archived"):
        PodFile.objects.filter(pk=photo.pk).update(deleted_from_primary_at=timezone.now())
        run("restore_pod", file=str(photo.public_id), shipment_id=shipment.number)


def test_round_trip_on_s3(trip, ops_api, s3, s3_primary, django_capture_on_commit_callbacks):
    shipment, *_ = trip
    photo = upload(ops_api, shipment, jpeg_bytes(), "photo.jpg")
    age(photo)
    archive_bucket = s3.new_bucket("archive")
    destination = s3_url(s3, archive_bucket, "cold/")
    out = run("archive_pods", days=90, destination=destination)
    assert "Archived 1 file(s)" in out
    assert bucket_keys(s3, archive_bucket) == [f"cold/{photo.storage_key}"]
    photo.refresh_from_db()
    assert photo.archive_url.startswith(f"s3://{archive_bucket}/cold/{photo.storage_key}?")
    assert "secret" not in photo.archive_url.lower()
    copy = s3.get_object(Bucket=archive_bucket, Key=f"cold/{photo.storage_key}")["Body"].read()
    assert hashlib.sha256(copy).hexdigest() == photo.sha256
    assert "Archived 0 file(s)" in run("archive_pods", days=90, destination=destination)

    with django_capture_on_commit_callbacks(execute=True):
        assert "Deleted 1 file(s)" in run("delete_old_pods", days=90, confirm=True)
    assert photo.storage_key not in bucket_keys(s3, s3_primary)
    assert ops_api.get(f"/api/pods/{photo.public_id}/file").status_code == 409

    assert "Restored" in run("restore_pod", file=photo.storage_key, shipment_id=shipment.number)
    back = s3.get_object(Bucket=s3_primary, Key=photo.storage_key)["Body"].read()
    assert hashlib.sha256(back).hexdigest() == photo.sha256
    assert ops_api.get(f"/api/pods/{photo.public_id}/file").status_code == 302


def test_sweep_removes_only_old_unreferenced_files(trip, ops_api, _media):
    import os
    import time

    shipment, *_ = trip
    kept = upload(ops_api, shipment, jpeg_bytes(), "kept.jpg")
    stray = _media / "pods" / "2026" / "01" / "stray.jpg"
    young = _media / "documents" / "2026" / "01" / "young.pdf"
    for path in (stray, young):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"orphan")
    two_hours_ago = time.time() - 7200
    os.utime(stray, (two_hours_ago, two_hours_ago))
    os.utime(_media / kept.storage_key, (two_hours_ago, two_hours_ago))
    dry = run("sweep_pod_files")
    assert "would delete pods/2026/01/stray.jpg" in dry and "1 orphan file(s)" in dry
    assert stray.exists()
    out = run("sweep_pod_files", confirm=True)
    assert "deleted pods/2026/01/stray.jpg" in out
    assert not stray.exists()
    assert young.exists()  # may still be an upload in flight
    assert (_media / kept.storage_key).exists() and (_media / kept.thumbnail_key).exists()
    assert AuditEntry.objects.filter(action="pod.sweep_orphans").exists()

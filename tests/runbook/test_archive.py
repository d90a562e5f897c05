"""unicon archive-old-data / restore-archived-data, session pruning and the audit prune path."""

import io
import json
import tarfile
from datetime import timedelta

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from unicon.accounts.models import UserSession
from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Driver, LegalEntity, Vehicle, VehicleType
from unicon.shipments.models import (
    DocumentStatus,
    EventKind,
    FinancialStatus,
    OperationStatus,
    Shipment,
    ShipmentEvent,
    Stop,
    StopType,
)
from unicon.shipments.services import append_event

FAR = timezone.now().date() + timedelta(days=3650)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(autouse=True)
def _archive_dir(settings, tmp_path):
    settings.ARCHIVE_URL = str(tmp_path / "archive")
    return tmp_path / "archive"


@pytest.fixture
def build(make_customer, make_user):
    customer = make_customer()
    entity = LegalEntity.objects.create(code="UNI", name="Unicon")
    tractor = Vehicle.objects.create(
        vehicle_type=VehicleType.TRACTOR,
        plate="51C99999",
        owner=entity,
        inspection_expiry=FAR,
        insurance_expiry=FAR,
        operation_permit_expiry=FAR,
    )
    driver = Driver.objects.create(
        user=make_user(Role.DRIVER), phone="0900000001", licence_expiry=FAR
    )
    counter = iter(range(1, 1000))

    def make(*, op, doc=DocumentStatus.DOC_PENDING, fin=FinancialStatus.NOT_BILLED, age_days):
        n = next(counter)
        start = timezone.now() - timedelta(days=age_days + 1)
        shipment = Shipment.objects.create(
            number=f"SHP-2020-{n:04d}",
            customer=customer,
            shipment_type="EXPORT",
            operation_status=op,
            document_status=doc,
            financial_status=fin,
            planned_start=start,
            planned_end=start + timedelta(hours=8),
        )
        stops = [
            Stop.objects.create(
                shipment=shipment,
                sequence=seq,
                stop_type=StopType.DEPOT,
                location_name=f"Stop {seq}",
                planned_arrival=start,
                planned_departure=start,
            )
            for seq in (1, 2)
        ]
        append_event(shipment, EventKind.NOTE, actor=None, note="Tiếng Việt ghi chú")
        append_event(shipment, EventKind.CHECK_IN, actor=None, stop=stops[0])
        DriverTask.objects.create(
            shipment=shipment,
            driver=driver,
            tractor=tractor,
            status=TaskStatus.COMPLETED
            if op == OperationStatus.DELIVERED
            else TaskStatus.CANCELLED,
            planned_start=start,
            planned_end=start + timedelta(hours=8),
        )
        Shipment.objects.filter(pk=shipment.pk).update(
            updated_at=timezone.now() - timedelta(days=age_days)
        )
        return shipment

    return make


def snapshot(numbers):
    """Every row of the given shipments and their dependants, serialized, for comparison."""
    shipments = Shipment.objects.filter(number__in=numbers).order_by("pk")
    rows = []
    for queryset in (
        shipments,
        Stop.objects.filter(shipment__in=shipments).order_by("pk"),
        ShipmentEvent.objects.filter(shipment__in=shipments).order_by("pk"),
        DriverTask.objects.filter(shipment__in=shipments).order_by("pk"),
    ):
        rows.extend(json.loads(serializers.serialize("json", queryset)))
    return rows


def test_archive_round_trip_is_identical(build, _archive_dir):
    old_delivered = build(
        op=OperationStatus.DELIVERED,
        doc=DocumentStatus.DOC_RETURNED,
        fin=FinancialStatus.PAID,
        age_days=120,
    )
    old_cancelled = build(op=OperationStatus.CANCELLED, age_days=200)
    keep = [
        build(op=OperationStatus.DELIVERED, doc=DocumentStatus.DOC_RECEIVED, age_days=200),
        build(
            op=OperationStatus.DELIVERED,
            doc=DocumentStatus.DOC_RETURNED,
            fin=FinancialStatus.INVOICED,
            age_days=200,
        ),
        build(op=OperationStatus.CANCELLED, age_days=10),
        build(op=OperationStatus.IN_TRANSIT, age_days=200),
    ]
    numbers = [old_delivered.number, old_cancelled.number]
    before = snapshot(numbers)
    kept_before = snapshot([s.number for s in keep])

    dry = run("archive_old_data", "--days", "90")
    assert "DRY RUN" in dry and "2 shipments would be archived" in dry
    assert "shipments.Stop" in dry and "4" in dry
    assert Shipment.objects.count() == 6
    assert not _archive_dir.exists() or not list(_archive_dir.iterdir())

    out = run("archive_old_data", "--days", "90", "--confirm")
    assert "Archived 2 shipments" in out
    files = list(_archive_dir.glob("shipments-*.tar.gz"))
    assert len(files) == 1
    assert not Shipment.objects.filter(number__in=numbers).exists()
    assert snapshot(numbers) == []
    assert snapshot([s.number for s in keep]) == kept_before
    assert Stop.objects.count() == 8
    with tarfile.open(files[0]) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert sorted(manifest["shipments"]) == sorted(numbers)
    assert manifest["counts"] == {
        "shipments.Shipment": 2,
        "dispatch.DriverTask": 2,
        "shipments.Stop": 4,
        "shipments.ShipmentEvent": 4,
    }
    assert AuditEntry.objects.filter(action="ops.archive").exists()

    restored = run("restore_archived_data", str(files[0]))
    assert "Restored 2 shipments" in restored
    assert snapshot(numbers) == before
    assert AuditEntry.objects.filter(action="ops.archive_restore").exists()

    with pytest.raises(CommandError, match="already exists"):
        run("restore_archived_data", str(files[0]))


def test_corrupt_archive_is_refused(build, _archive_dir, tmp_path):
    build(op=OperationStatus.CANCELLED, age_days=200)
    run("archive_old_data", "--days", "90", "--confirm")
    good = next(_archive_dir.glob("*.tar.gz"))
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as src, tarfile.open(bad, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == "data.json":
                data = data.replace(b"Stop 1", b"Stop X")
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="Checksum mismatch"):
        run("restore_archived_data", str(bad))
    assert Shipment.objects.count() == 0


def test_nothing_to_archive_and_expired_sessions_pruned(make_user, api_login):
    user = make_user()
    api_login(user)
    UserSession.objects.filter(user=user).update(expire_date=timezone.now() - timedelta(hours=1))
    dry = run("archive_old_data")
    assert "0 shipments would be archived" in dry
    assert "kept forever" in dry
    out = run("archive_old_data", "--confirm")
    assert "No shipments to archive" in out
    assert not UserSession.objects.filter(expire_date__lt=timezone.now()).exists()


def _age_audit(days):
    """Make the existing audit entries look old (a test-only bypass of the triggers)."""
    table = AuditEntry._meta.db_table
    old = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=days))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER core_auditentry_append_only")
            cursor.execute(f"UPDATE {table} SET created_at = %s", [old])
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER core_auditentry_append_only")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
            cursor.execute(f"UPDATE {table} SET created_at = %s", [old])
            cursor.execute(
                "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END"
            )


def test_audit_prune_only_through_the_documented_path(settings, make_user):
    from unicon.core import audit

    make_user()
    audit.log("test.old")
    _age_audit(400)
    audit.log("test.recent")
    old_count = AuditEntry.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=365)
    ).count()
    assert old_count >= 2

    # outside the prune path the database still refuses deletes
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table}")

    settings.AUDIT_RETENTION_DAYS = 365
    dry = run("archive_old_data")
    assert f"Audit entries older than 365 days to delete: {old_count}" in dry
    out = run("archive_old_data", "--confirm")
    assert f"Deleted {old_count} audit entries" in out
    assert not AuditEntry.objects.filter(action="test.old").exists()
    assert AuditEntry.objects.filter(action="test.recent").exists()
    pruned = AuditEntry.objects.get(action="ops.audit_pruned")
    assert pruned.extra["deleted"] == old_count

    # and afterwards the append-only guarantee is back
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table}")

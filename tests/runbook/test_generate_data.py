"""`unicon generate-data`: the generated data is valid by the models' own rules and works
through the API like data the services made; a failure half-way writes nothing."""

import io
import itertools
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from unicon.accounts.models import User
from unicon.core.management.commands.seed_demo import DEMO_PASSWORD
from unicon.core.models import AuditEntry
from unicon.customers.models import Customer
from unicon.dispatch.models import DriverTask, TaskStatus
from unicon.fleet.models import Driver, Vehicle
from unicon.runbook import datagen
from unicon.shipments import lifecycle, numbering, policies
from unicon.shipments.models import (
    NumberSequence,
    OperationStatus,
    Shipment,
    ShipmentEvent,
    Stop,
)

S = OperationStatus
SMALL = {"customers": 8, "tractors": 12, "trailers": 14, "drivers": 12}


def generate(shipments: int, **options) -> str:
    out = io.StringIO()
    args = ["generate_data", "--shipments", str(shipments), "--no-progress", "--workers", "1"]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def small_cast(monkeypatch):
    monkeypatch.setattr(datagen, "DEFAULT_SIZES", SMALL)


def _index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return set(constraints)


def test_generates_the_requested_volume_with_the_real_shape(small_cast):
    output = generate(400, years=1)

    assert "Generated 400 shipments" in output
    assert Shipment.objects.count() == 400
    assert Customer.objects.filter(code__startswith="GEN").count() == SMALL["customers"]
    assert Driver.objects.count() == SMALL["drivers"]
    assert Vehicle.objects.filter(vehicle_type="TRACTOR").count() == SMALL["tractors"]
    assert Stop.objects.count() == 3 * 400
    events = ShipmentEvent.objects.count()
    assert 6 * 400 < events < 15 * 400
    statuses = set(Shipment.objects.values_list("operation_status", flat=True))
    assert {S.DELIVERED, S.CANCELLED, S.PENDING, S.DRAFT, S.DISPATCHED} <= statuses
    assert AuditEntry.objects.filter(action="data.generate").count() == 1


def test_every_generated_row_passes_model_validation(small_cast):
    generate(150, years=1)

    for model in (Shipment, Stop, DriverTask, ShipmentEvent, Driver, Vehicle, Customer):
        for obj in model.objects.all()[:200]:
            try:
                obj.full_clean(validate_unique=False)
            except ValidationError as exc:  # pragma: no cover - the message names the field
                pytest.fail(f"{model.__name__} {obj.pk}: {exc.message_dict}")
    for user in User.objects.filter(email__startswith="gen-"):
        user.full_clean()
    numbers = list(Shipment.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert all(re.fullmatch(r"SHP-\d{4}-\d{4,}", n) for n in numbers)


def test_history_matches_status(small_cast):
    generate(300, years=1)

    delivered = Shipment.objects.filter(operation_status=S.DELIVERED)
    assert delivered.exists()
    for shipment in delivered[:30]:
        assert shipment.actual_end is not None
        assert not shipment.stops.filter(actual_departure__isnull=True).exists()
        last = shipment.events.filter(kind="OPERATION_STATUS").order_by("created_at", "id").last()
        assert (last.from_status, last.to_status) == (S.IN_TRANSIT, S.DELIVERED)
        assert shipment.tasks.get().status == TaskStatus.COMPLETED
    for shipment in Shipment.objects.filter(operation_status__in=[S.DRAFT, S.PENDING]):
        assert not shipment.tasks.exists()
    first = ShipmentEvent.objects.filter(shipment__in=delivered[:30]).order_by("created_at")
    assert first.first().to_status == S.DRAFT


def test_active_tasks_never_double_book_a_driver_or_vehicle(small_cast):
    generate(600, years=1)

    active = DriverTask.objects.filter(status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS])
    assert active.exists()
    for task in active:
        clash = active.exclude(pk=task.pk).overlapping(task.planned_start, task.planned_end)
        assert not clash.filter(
            Q(driver=task.driver) | Q(tractor=task.tractor) | Q(trailer=task.trailer)
        ).exists()
    per_shipment = active.values("shipment").annotate(n=Count("id")).filter(n__gt=1)
    assert not per_shipment.exists()


def test_generated_users_work_through_the_api(small_cast, api_login):
    generate(300, years=1)
    ops = api_login(User.objects.get(email="gen-ops@unicon.local"), DEMO_PASSWORD)

    listing = ops.get("/api/shipments", {"limit": 5})
    assert listing.status_code == 200
    assert len(listing.json()["items"]) == 5
    draft = Shipment.objects.filter(operation_status=S.DRAFT).first()
    detail = ops.get(f"/api/shipments/{draft.public_id}")
    assert detail.status_code == 200
    assert "PENDING" in detail.json()["allowedMoves"]
    submitted = ops.patch(
        f"/api/shipments/{draft.public_id}/status", {"operationStatus": "PENDING"}
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["operationStatus"] == "PENDING"


def test_a_generated_pending_shipment_can_be_dispatched(small_cast, api_login):
    generate(300, years=1)
    dispatcher = api_login(User.objects.get(email="gen-dispatcher@unicon.local"), DEMO_PASSWORD)
    shipment = Shipment.objects.filter(
        operation_status=S.PENDING, planned_start__gt=timezone.now()
    ).first()
    busy = DriverTask.objects.active().overlapping(shipment.planned_start, shipment.planned_end)
    driver = Driver.objects.exclude(pk__in=busy.values("driver")).first()
    trailers = busy.values("trailer")
    trailer = Vehicle.objects.filter(vehicle_type="TRAILER").exclude(pk__in=trailers).first()
    tractor = Vehicle.objects.filter(vehicle_type="TRACTOR").exclude(pk__in=busy.values("tractor"))

    response = dispatcher.post(
        f"/api/shipments/{shipment.public_id}/dispatch",
        {
            "driverId": str(driver.public_id),
            "tractorId": str(tractor.first().public_id),
            "trailerId": str(trailer.public_id),
        },
    )

    assert response.status_code == 200, response.content
    shipment.refresh_from_db()
    assert shipment.operation_status == S.DISPATCHED


def test_a_generated_driver_sees_own_tasks(small_cast, api_login):
    generate(600, years=1)
    task = DriverTask.objects.filter(status=TaskStatus.PENDING).select_related("driver__user")
    task = task.first()
    driver = api_login(task.driver.user, DEMO_PASSWORD)
    day = timezone.localtime(task.planned_start).date()

    response = driver.get("/api/driver/tasks", {"date": day.isoformat()})

    assert response.status_code == 200
    assert str(task.public_id) in {t["id"] for t in response.json()}


def test_running_twice_adds_and_keeps_numbers_unique(small_cast):
    generate(120, years=1)
    generate(80, years=1, seed=2)

    assert Shipment.objects.count() == 200
    assert Customer.objects.filter(code__startswith="GEN").count() == SMALL["customers"]
    numbers = list(Shipment.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    year = timezone.localdate().year
    last = NumberSequence.objects.get(name=f"SHP-{year}").last_value
    assert last == Shipment.objects.filter(number__startswith=f"SHP-{year}-").count()


def test_a_failure_half_way_writes_nothing(small_cast, monkeypatch):
    indexes_before = _index_names("shipments_shipment")
    real_build = datagen.ShipmentFactory.build
    calls = {"n": 0}

    def failing_build(self, day, index, rows):
        calls["n"] += 1
        if calls["n"] == 250:
            raise RuntimeError("disk full")
        return real_build(self, day, index, rows)

    monkeypatch.setattr(datagen.ShipmentFactory, "build", failing_build)

    with pytest.raises(RuntimeError):
        generate(400, years=1, chunk_size=100)

    assert Shipment.objects.count() == 0
    assert ShipmentEvent.objects.count() == 0
    assert not Customer.objects.filter(code__startswith="GEN").exists()
    assert not User.objects.filter(email__startswith="gen-").exists()
    assert _index_names("shipments_shipment") == indexes_before


@pytest.mark.parametrize("bad", [["--shipments", "0"], ["--shipments", "10", "--workers", "0"]])
def test_bad_arguments_are_refused(bad):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_data", *bad, stdout=io.StringIO())
    assert not Shipment.objects.exists()


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("generate_data", "--shipments", "10", stdout=io.StringIO())
    assert not Shipment.objects.exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_worker_processes_give_the_same_data_shape(small_cast):
    """Two spawned worker processes (PostgreSQL only), then indexes are back in place."""
    indexes_before = _index_names("shipments_shipmentevent")

    generate(600, years=1, workers=2, chunk_size=150)

    assert Shipment.objects.count() == 600
    assert _index_names("shipments_shipmentevent") == indexes_before
    ids = list(Shipment.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 600
    newest = Shipment.objects.order_by("-planned_start").first()
    assert newest.planned_start > timezone.now() + timedelta(days=7)


def _status_moves(shipment_events, kind: str) -> list[tuple[str, str]]:
    rows = [e for e in shipment_events if e.kind == kind]
    return [(e.from_status, e.to_status) for e in rows]


def test_generated_histories_are_legal_walks_of_the_status_machine(small_cast):
    """Every generated history starts where the services start, makes only moves that
    `policies.TRANSITIONS` / `DOCUMENT_TRANSITIONS` allow, one after the other, and ends in
    the shipment's status; every number is the numbering's format for its year."""
    generate(300, years=1)

    events = {}
    for event in ShipmentEvent.objects.order_by("created_at", "id"):
        events.setdefault(event.shipment_id, []).append(event)
    shipments = list(Shipment.objects.all())
    assert {s.operation_status for s in shipments} >= {S.DELIVERED, S.CANCELLED, S.DISPATCHED}
    for shipment in shipments:
        moves = _status_moves(events[shipment.pk], "OPERATION_STATUS")
        assert moves[0] == ("", lifecycle.INITIAL_STATUS)
        for (_, previous), (current, target) in itertools.pairwise(moves):
            assert current == previous, (shipment.number, moves)
            assert target in policies.TRANSITIONS[current], (shipment.number, moves)
        assert moves[-1][1] == shipment.operation_status
        assert shipment.version == len(moves)
        documents = _status_moves(events[shipment.pk], "DOCUMENT_STATUS")
        state = lifecycle.INITIAL_DOCUMENT_STATUS
        for current, target in documents:
            assert current == state and target in policies.DOCUMENT_TRANSITIONS[current]
            state = target
        assert state == shipment.document_status
        if shipment.operation_status == S.CANCELLED:
            assert shipment.cancelled_reason
        year = numbering.number_year(shipment.planned_start)
        counter = numbering.counter_name(numbering.SHIPMENT_PREFIX, year)
        value = int(shipment.number.rsplit("-", 1)[1])
        assert shipment.number == numbering.format_number(counter, value)


def test_a_status_the_machine_cannot_reach_stops_the_run(small_cast, monkeypatch):
    """The generator follows the machine: without a way to DISPATCHED it refuses to write
    impossible histories (and writes nothing)."""
    machine = {**policies.TRANSITIONS, S.PENDING: (S.DRAFT, S.CANCELLED)}
    monkeypatch.setattr(policies, "TRANSITIONS", machine)

    with pytest.raises(ValueError, match="no way from PENDING to DISPATCHED"):
        generate(50, years=1)

    assert not Shipment.objects.exists()
    assert not Customer.objects.filter(code__startswith="GEN").exists()


def test_a_longer_way_through_the_machine_is_walked_move_by_move(small_cast, monkeypatch):
    """A machine where a pending shipment must go back to DRAFT before it can be cancelled:
    the generated cancellations then take that way."""
    machine = {
        **policies.TRANSITIONS,
        S.PENDING: (S.DRAFT, S.DISPATCHED),
        S.DRAFT: (S.PENDING, S.CANCELLED),
    }
    monkeypatch.setattr(policies, "TRANSITIONS", machine)

    generate(200, years=1)

    cancelled = Shipment.objects.filter(operation_status=S.CANCELLED).first()
    moves = list(
        cancelled.events.filter(kind="OPERATION_STATUS")
        .order_by("created_at", "id")
        .values_list("from_status", "to_status")
    )
    assert moves == [
        ("", S.DRAFT),
        (S.DRAFT, S.PENDING),
        (S.PENDING, S.DRAFT),
        (S.DRAFT, S.CANCELLED),
    ]

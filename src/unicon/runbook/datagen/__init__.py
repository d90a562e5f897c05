"""Realistic generated data at scale (`unicon generate-data`), for benchmarks and load tests.

The data has the shape the services produce: customers with their warehouses, a fleet with
valid papers, drivers with logins, shipments made from the stop templates with ISO 6346
container numbers and `SHP-YYYY-NNNN` numbers (`shipments.numbering`), stops with
check-in/out times, driver tasks that never double-book a driver or vehicle, and the history
events of every status move, walked along the status machine (`shipments.lifecycle`).
Statuses follow time: the past is delivered (a few cancelled), today is being driven, the
next two weeks are booked (DRAFT, PENDING, DISPATCHED).

The big tables are written with COPY on PostgreSQL (executemany elsewhere) inside ONE
transaction: a failure leaves nothing behind. On PostgreSQL the secondary indexes and
constraints of those tables are dropped for the load and rebuilt before the commit, which is
several times faster than maintaining them row by row.

Modules: `cast` (master data), `plan` (days, chunks, id and number ranges), `factory` (one
shipment), `history` (its events), `writers` (COPY / executemany, index drop and rebuild).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from unicon.billing import datagen as billing_datagen
from unicon.core import audit
from unicon.runbook.datagen.cast import Cast, ensure_cast, new_public_id
from unicon.runbook.datagen.factory import Rows, ShipmentFactory
from unicon.runbook.datagen.plan import BIG_MODELS, Chunk, day_counts, plan_chunks
from unicon.runbook.datagen.writers import bulk_load, table_writers
from unicon.shipments.models import NumberSequence, Shipment
from unicon.shipments.numbering import SHIPMENT_PREFIX

__all__ = ["DEFAULT_SIZES", "ShipmentFactory", "Summary", "build_chunk", "generate"]
__all__ += ["init_worker", "new_public_id"]


@dataclass
class Summary:
    shipments: int = 0
    stops: int = 0
    tasks: int = 0
    events: int = 0
    billing: dict = field(default_factory=dict)  # charges, invoices, payments (billing.datagen)
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    seconds: float = 0.0

    def add(self, counts: tuple[int, int, int, int]) -> None:
        self.shipments += counts[0]
        self.stops += counts[1]
        self.tasks += counts[2]
        self.events += counts[3]

    def as_dict(self) -> dict:
        return {
            "shipments": self.shipments,
            "stops": self.stops,
            "tasks": self.tasks,
            "events": self.events,
            **self.billing,
            "firstDay": str(self.first_day),
            "lastDay": str(self.last_day),
            "seconds": self.seconds,
        }


# --------------------------------------------------------------------------- the whole run

DEFAULT_SIZES = {"customers": 100, "tractors": 300, "trailers": 400, "drivers": 300}


def _locked_counters() -> dict[str, int]:
    return dict(
        NumberSequence.objects.select_for_update()
        .filter(name__startswith=f"{SHIPMENT_PREFIX}-")
        .values_list("name", "last_value")
    )


def _save_counters(counters: dict[str, int]) -> None:
    for name, last in counters.items():
        NumberSequence.objects.update_or_create(name=name, defaults={"last_value": last})


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(BIG_MODELS)):
            cursor.execute(statement)


def _analyze() -> None:
    """Fresh planner statistics for every table — the small master-data tables too: with a
    stale row count of `customers_customer` the planner picks nested loops that cost 100 ms
    instead of 0.3 — and, on PostgreSQL, the visibility map that index-only scans need.
    Skipped inside an outer transaction, where VACUUM cannot run."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in BIG_MODELS:
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("ANALYZE")


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit=" shipments", unit_scale=True, disable=not enabled, smoothing=0.1)


_worker: dict = {}


def init_worker(cast: Cast, now: dt.datetime, seed: int) -> None:
    """What every chunk needs, once per worker process (see `datagen_worker`)."""
    _worker.update(cast=cast, now=now, seed=seed, writers=table_writers())


def build_chunk(chunk: Chunk) -> tuple[list, tuple[int, int, int, int]]:
    """Generate one chunk: each big table's encoded rows, and the row counts."""
    rng = random.Random(f"{_worker['seed']}-{chunk.index}")  # noqa: S311 - sample data
    factory = ShipmentFactory(_worker["cast"], rng, _worker["now"], chunk)
    rows = Rows()
    for day, count in chunk.days:
        for index in range(count):
            factory.build(day, index, rows)
    payloads = [w.encode(r) for w, (_, r) in zip(_worker["writers"], rows.by_model(), strict=True)]
    return payloads, rows.counts()


def _built_chunks(chunks: list[Chunk], cast: Cast, now, seed: int, workers: int) -> Iterator:
    """Chunks generated in order: by a pool of spawned processes (PostgreSQL, workers > 1) or
    in this process."""
    if workers <= 1 or connection.vendor != "postgresql":
        init_worker(cast, now, seed)
        yield from map(build_chunk, chunks)
        return
    from unicon.runbook import datagen_worker

    context = multiprocessing.get_context("spawn")  # never fork an open database connection
    state = pickle.dumps((cast, now, seed))
    with context.Pool(workers, initializer=datagen_worker.start, initargs=(state,)) as pool:
        yield from pool.imap(datagen_worker.run, chunks)


def _first_ids() -> dict[str, int]:
    return {
        m._meta.label: (m._base_manager.aggregate(last=models.Max("pk"))["last"] or 0) + 1
        for m in BIG_MODELS
    }


def generate(
    shipments: int,
    *,
    years: int = 5,
    seed: int = 1,
    password: str,
    sizes: dict[str, int] | None = None,
    chunk_size: int = 5000,
    workers: int = 2,
    progress: bool = True,
) -> Summary:
    """Add `shipments` generated shipments (and, once, the master data they use), in one
    transaction. Returns what was written."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    now = timezone.now()
    summary = Summary()
    writers = table_writers()
    with transaction.atomic():
        cast = ensure_cast(rng, sizes, password, timezone.localdate(now))
        plan = day_counts(shipments, years, len(cast.drivers), timezone.localdate(now))
        max_stops = max(len(stops) for stops in cast.templates.values())
        first_ids = _first_ids()
        chunks, counters = plan_chunks(plan, chunk_size, first_ids, _locked_counters(), max_stops)
        connection.ensure_connection()
        with bulk_load(BIG_MODELS), _progress(shipments, progress) as bar:
            for payloads, counts in _built_chunks(chunks, cast, now, seed, workers):
                for table_writer, payload in zip(writers, payloads, strict=True):
                    table_writer.send(connection.connection, payload)
                summary.add(counts)
                bar.update(counts[0])
        _save_counters(counters)
        _reset_sequences()
        summary.billing = billing_datagen.generate(first_ids[Shipment._meta.label], seed=seed)
        summary.first_day, summary.last_day = plan[0][0], plan[-1][0]
        summary.seconds = round(time.monotonic() - started, 1)
        audit.log("data.generate", extra=summary.as_dict())
    _analyze()
    return summary

"""The benchmark's PostgreSQL database: create, migrate, fill; find real ids; undo writes."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bench.scenarios import Targets
from unicon.core.cursors import encode_cursor

BIN = Path(sys.executable).parent
BIG_TABLES = [
    "shipments_shipment",
    "shipments_stop",
    "shipments_shipmentevent",
    "dispatch_drivertask",
    "pods_podfile",
    "customers_customer",
    "customers_location",
    "fleet_vehicle",
    "fleet_driver",
    "accounts_user",
]


class NotPostgres(SystemExit):
    pass


def check_url(url: str) -> str:
    """The URL itself, or exit with a clear message when it is not PostgreSQL."""
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise NotPostgres(
            f"The benchmark needs PostgreSQL (got a {scheme or 'non-URL'} database): "
            "SQLite has no concurrent writers, no EXPLAIN plans comparable to production "
            "and is not what production runs. Pass --database-url postgres://…"
        )
    return url.replace("pgsql://", "postgres://", 1)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _server_url(url: str) -> str:
    """The same server's `postgres` maintenance database."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def exists(url: str) -> bool:
    with connect(_server_url(url)) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return row is not None


def create(url: str) -> None:
    with connect(_server_url(url)) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url))))


def drop(url: str) -> None:
    with connect(_server_url(url)) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )


def unicon(url: str, *args: str) -> None:
    """Run the project's `unicon` command on the benchmark database."""
    env = {**os.environ, "DATABASE_URL": url}
    # its output goes to stderr: stdout is the table
    subprocess.run([str(BIN / "unicon"), *args], env=env, stdout=sys.stderr, check=True)  # noqa: S603


def generated_shipments(url: str) -> int:
    """Shipments of `unicon generate-data` (its customers' codes start with GEN); 0 when the
    schema is not there yet."""
    with connect(url) as conn:
        if conn.execute("SELECT to_regclass('shipments_shipment')").fetchone()[0] is None:
            return 0
        return conn.execute(
            "SELECT count(*) FROM shipments_shipment s JOIN customers_customer c "
            "ON c.id = s.customer_id WHERE c.code LIKE 'GEN%%'"
        ).fetchone()[0]


def prepare(url: str, shipments: int, *, regenerate: bool) -> None:
    """Create + migrate; generate data unless the database already holds that much."""
    if regenerate:
        drop(url)
    if not exists(url):
        create(url)
    unicon(url, "migrate", "--noinput", "-v", "0")
    have = generated_shipments(url)
    if have >= shipments:
        print(f"database holds {have} generated shipments: generation skipped", file=sys.stderr)
        return
    if have:
        drop(url)
        create(url)
        unicon(url, "migrate", "--noinput", "-v", "0")
    unicon(url, "generate-data", "--shipments", str(shipments))
    with connect(url) as conn:
        conn.execute("ANALYZE")


def _deep_cursor(conn: psycopg.Connection) -> str:
    """The list's cursor (ordering -planned_start, -id) at the row about 90% deep."""
    total = conn.execute("SELECT count(*) FROM shipments_shipment").fetchone()[0]
    start, pk = conn.execute(
        "SELECT planned_start, id FROM shipments_shipment "
        "ORDER BY planned_start DESC, id DESC OFFSET %s LIMIT 1",
        [int(total * 0.9)],
    ).fetchone()
    return encode_cursor([start.astimezone(UTC), pk])


def _sample_shipment(conn: psycopg.Connection) -> tuple[str, str, str]:
    """A shipment from the middle of the table with a container number: its id, container
    number and customer's id."""
    row = conn.execute(
        "SELECT s.public_id, s.container_number, c.public_id FROM shipments_shipment s "
        "JOIN customers_customer c ON c.id = s.customer_id "
        "WHERE s.id >= (SELECT (min(id) + max(id)) / 2 FROM shipments_shipment) "
        "AND s.container_number <> '' ORDER BY s.id LIMIT 1"
    ).fetchone()
    if row is None:
        raise SystemExit("no shipment with a container number in the benchmark database")
    return str(row[0]), row[1], str(row[2])


def _billing_targets(conn: psycopg.Connection) -> tuple[str, str]:
    """The customer with the most shipments and an invoice from the middle of the table."""
    big = conn.execute(
        "SELECT c.public_id FROM customers_customer c JOIN shipments_shipment s "
        "ON s.customer_id = c.id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    invoice = conn.execute(
        "SELECT public_id FROM billing_invoice "
        "WHERE id >= (SELECT (min(id) + max(id)) / 2 FROM billing_invoice) ORDER BY id LIMIT 1"
    ).fetchone()
    return str(big[0]) if big else "", str(invoice[0]) if invoice else ""


def find_targets(conn: psycopg.Connection) -> Targets:
    shipment_id, container, customer_id = _sample_shipment(conn)
    big_customer_id, invoice_id = _billing_targets(conn)
    today = date.today()
    return Targets(
        invoice_id=invoice_id,
        big_customer_id=big_customer_id,
        year_ago=(today - timedelta(days=365)).isoformat(),
        shipment_id=shipment_id,
        container_number=container,
        customer_id=customer_id,
        deep_cursor=_deep_cursor(conn),
        day_from=(today - timedelta(days=30)).isoformat(),
        day_to=today.isoformat(),
    )


@dataclass
class StatusPool:
    """Shipments the status row moves DRAFT→PENDING. DRAFT ones first; when there are too
    few, the newest others (with stops) are set to DRAFT for the run. `restore` puts back
    every status and version and deletes the events the row appended."""

    ids: list[int]
    public_ids: list[str]
    original: list[tuple[int, str, int, datetime]]
    last_event_id: int

    def restore(self, conn: psycopg.Connection) -> None:
        ids, statuses, versions, updated = (list(c) for c in zip(*self.original, strict=True))
        with conn.transaction():
            conn.execute(
                "UPDATE shipments_shipment s SET operation_status = v.status, "
                "version = v.version, updated_at = v.updated FROM unnest("
                "%s::bigint[], %s::text[], %s::int[], %s::timestamptz[]) "
                "AS v(id, status, version, updated) WHERE s.id = v.id",
                [ids, statuses, versions, updated],
            )
            conn.execute(
                "DELETE FROM shipments_shipmentevent WHERE shipment_id = ANY(%s) AND id > %s",
                [self.ids, self.last_event_id],
            )


def make_status_pool(conn: psycopg.Connection, size: int) -> StatusPool:
    rows = conn.execute(
        "SELECT id, public_id, operation_status, version, updated_at FROM shipments_shipment s "
        "WHERE EXISTS (SELECT 1 FROM shipments_stop t WHERE t.shipment_id = s.id) "
        "ORDER BY operation_status <> 'DRAFT', planned_start DESC, id DESC LIMIT %s",
        [size],
    ).fetchall()
    last_event = conn.execute("SELECT coalesce(max(id), 0) FROM shipments_shipmentevent")
    pool = StatusPool(
        ids=[r[0] for r in rows],
        public_ids=[str(r[1]) for r in rows],
        original=[(r[0], r[2], r[3], r[4]) for r in rows],
        last_event_id=last_event.fetchone()[0],
    )
    conn.execute(
        "UPDATE shipments_shipment SET operation_status = 'DRAFT' "
        "WHERE id = ANY(%s) AND operation_status <> 'DRAFT'",
        [pool.ids],
    )
    return pool


@contextmanager
def status_pool(url: str, size: int) -> Iterator[StatusPool]:
    with connect(url) as conn:
        pool = make_status_pool(conn, size)
        try:
            yield pool
        finally:
            pool.restore(conn)


def last_pod_id(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM pods_podfile").fetchone()[0]


def delete_pods_after(conn: psycopg.Connection, pod_id: int, media: Path) -> int:
    """Delete the POD rows (and their files under `media`) the upload row created."""
    rows = conn.execute(
        "DELETE FROM pods_podfile WHERE id > %s RETURNING storage_key, thumbnail_key", [pod_id]
    ).fetchall()
    for key in (k for row in rows for k in row if k):
        (media / key).unlink(missing_ok=True)
    return len(rows)


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    return {
        table: conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        ).fetchone()[0]
        for table in BIG_TABLES
    }


def server_version(conn: psycopg.Connection) -> str:
    return conn.execute("SHOW server_version").fetchone()[0]

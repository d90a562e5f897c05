"""The data limit and the plans: each row's SQL, captured in-process, replayed with psycopg.

`Probe` runs the project in this process (Django test Client, same database, same token) and
records every statement of one request with `CaptureQueriesContext`; writes are captured
inside a transaction that is rolled back. `replay` runs those statements over one psycopg
connection (writes inside BEGIN/ROLLBACK) and `explain` gives each SELECT's plan shape.
"""

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.scenarios import Row

SEQ_SCAN_MIN_ROWS = 10_000
REPLAY_SECONDS = 10  # per row: a slow query is replayed fewer times
BOUNDARY = "unicon-bench-boundary"


class Probe:
    """The project, set up in this process with `env` (the server's settings)."""

    def __init__(self, env: dict[str, str], jpeg: Path) -> None:
        os.environ.update({"DJANGO_SETTINGS_MODULE": "unicon.settings", **env})
        import django

        django.setup()
        from django.test import Client

        self.client = Client(HTTP_HOST="127.0.0.1")
        self.jpeg = jpeg

    def login(self, email: str, password: str) -> str:
        from django.test import Client

        # a client of its own: the login's session cookie must not ride along later requests
        response = Client(HTTP_HOST="127.0.0.1").post(
            "/api/auth/login",
            {"email": email, "password": password},
            content_type="application/json",
        )
        if response.status_code != 200:
            raise SystemExit(f"cannot log in as {email}: {response.status_code} {response.content}")
        return response.json()["token"]

    def web_login(self, email: str, password: str) -> str:
        """A browser session through the login page: `cookie:<name>=<key>` (the "token" of a
        page row; `common.lua` sends it as a Cookie header)."""
        from django.conf import settings
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        response = client.post("/login/", {"username": email, "password": password})
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if response.status_code != 302 or cookie is None:
            raise SystemExit(f"cannot log in to the pages as {email}: {response.status_code}")
        return f"cookie:{settings.SESSION_COOKIE_NAME}={cookie.value}"

    def close(self) -> None:
        from django.db import connections

        connections.close_all()

    def send(self, row: Row, token: str | None, shipment_id: str = ""):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if token and token.startswith("cookie:"):
            headers = {"HTTP_COOKIE": token.removeprefix("cookie:")}
        if row.kind == "status":
            return self.client.patch(
                row.path.format(id=shipment_id),
                {"operationStatus": "PENDING"},
                content_type="application/json",
                **headers,
            )
        if row.kind == "upload":
            with self.jpeg.open("rb") as photo:
                return self.client.post(row.path, {"file": photo}, **headers)
        return self.client.get(row.path, **headers)

    def capture(self, row: Row, token: str | None, shipment_id: str = "") -> list[str]:
        """The SQL of one request (after a warm-up request), writes rolled back."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(2):
            with _rolled_back(row.writes), CaptureQueriesContext(connection) as queries:
                response = self.send(row, token, shipment_id)
        if not 200 <= response.status_code < 300:
            raise SystemExit(f"{row.name}: {response.status_code} {response.content[:300]!r}")
        return [q["sql"] for q in queries.captured_queries]


@contextmanager
def _rolled_back(enabled: bool) -> Iterator[None]:
    """A transaction rolled back at the end (writes only: reads run as the server runs them)."""
    if not enabled:
        yield
        return
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def is_select(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH"))


@dataclass
class Replay:
    total_ms: float  # p50 of all statements together
    statement_ms: list[float]  # p50 of each statement


def replay(conn: psycopg.Connection, statements: list[str], repeat: int) -> Replay:
    """Run all `statements` `repeat` times after one warm-up run (inside BEGIN/ROLLBACK unless
    all are SELECTs), or fewer (at least 3) when that takes over REPLAY_SECONDS; p50 of the
    whole and of each statement."""
    wrap = not all(is_select(s) for s in statements)
    runs = []
    deadline = time.monotonic() + REPLAY_SECONDS
    while len(runs) < repeat + 1 and (len(runs) < 4 or time.monotonic() < deadline):
        with conn.cursor() as cursor:
            if wrap:
                cursor.execute("BEGIN")
            runs.append([_timed(cursor, statement) for statement in statements])
            if wrap:
                cursor.execute("ROLLBACK")
    runs = runs[1:]
    return Replay(
        statistics.median(sum(run) for run in runs),
        [statistics.median(column) for column in zip(*runs, strict=True)],
    )


def _timed(cursor: psycopg.Cursor, statement: str) -> float:
    started = time.perf_counter()
    cursor.execute(statement)
    if cursor.description is not None:
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


@dataclass
class Plan:
    shape: str
    ms: float  # p50 of the statement in the replay
    seq_scans: list[str] = field(default_factory=list)


def _walk(node: dict) -> list[dict]:
    return [node, *(n for child in node.get("Plans", []) for n in _walk(child))]


def _joined(node: dict) -> list[dict]:
    """The inputs of a join, nested joins of the same type flattened."""
    inputs = []
    for child in node.get("Plans", []):
        if child["Node Type"] == node["Node Type"]:
            inputs += _joined(child)
        else:
            inputs.append(child)
    return inputs


def shape(node: dict) -> str:
    """`Limit > Nested Loop(Index Scan shp_start, Index Scan customers_customer_pkey)`."""
    label = node["Node Type"]
    if "Index Name" in node:
        label += f" {node['Index Name']}"
    elif "Relation Name" in node:
        label += f" {node['Relation Name']}"
    children = node.get("Plans", [])
    if not children:
        return label
    if len(children) == 1:
        return f"{label} > {shape(children[0])}"
    return f"{label}({', '.join(shape(child) for child in _joined(node))})"


def explain(conn: psycopg.Connection, statement: str, ms: float) -> Plan:
    """Plan shape and the big tables it reads with a sequential scan."""
    with conn.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}")
        root = cursor.fetchone()[0][0]["Plan"]
    scanned = {n["Relation Name"] for n in _walk(root) if n["Node Type"] == "Seq Scan"}
    big = [table for table in sorted(scanned) if _estimated_rows(conn, table) > SEQ_SCAN_MIN_ROWS]
    return Plan(shape(root), ms, big)


def _estimated_rows(conn: psycopg.Connection, table: str) -> float:
    row = conn.execute(
        "SELECT reltuples FROM pg_class WHERE relname = %s AND relkind IN ('r', 'p')", [table]
    ).fetchone()
    return row[0] if row else 0


def multipart_body(jpeg: Path) -> bytes:
    """The request body of the upload row: one `file` part holding the JPEG."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="bench.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return head + jpeg.read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode()


def make_jpeg(path: Path, size: int = 1024 * 1024) -> Path:
    """A real JPEG of about `size` bytes (seeded noise, so it does not compress away)."""
    import io
    import random

    from PIL import Image

    side = 600
    for _ in range(8):
        pixels = random.Random(side).randbytes(side * side * 3)  # noqa: S311 (not a secret)
        buffer = io.BytesIO()
        Image.frombytes("RGB", (side, side), pixels).save(buffer, "JPEG", quality=85)
        if abs(buffer.tell() - size) < size * 0.05:
            break
        side = int(side * (size / buffer.tell()) ** 0.5)
    path.write_bytes(buffer.getvalue())
    return path

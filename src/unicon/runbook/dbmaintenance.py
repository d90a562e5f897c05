"""`unicon db-maintenance`: the runbook's ANALYZE / VACUUM ANALYZE / REINDEX (its literal
`REINDEX DATABASE postgres` names the wrong database) on the CONFIGURED database, table by
table so an operator sees progress and how long each step took.

PostgreSQL: `ANALYZE t`, `VACUUM (ANALYZE) t`, `REINDEX TABLE t` for every table of the
current schema (VACUUM runs outside a transaction; REINDEX TABLE takes a lock that blocks
writes to that table while it runs — use it in a quiet hour). SQLite: `ANALYZE`, `REINDEX`
per table, and one `VACUUM` of the whole file (SQLite cannot vacuum a single table).
"""

import time
from collections.abc import Callable, Iterator

from django.db import connection

from unicon.core.errors import ValidationFailed

OPERATIONS = ("analyze", "vacuum", "reindex")
POSTGRESQL = {
    "analyze": "ANALYZE {}",
    "vacuum": "VACUUM (ANALYZE) {}",
    "reindex": "REINDEX TABLE {}",
}
SQLITE = {"analyze": "ANALYZE {}", "vacuum": None, "reindex": "REINDEX {}"}


def _statements(operation: str) -> Iterator[tuple[str, str]]:
    if operation not in OPERATIONS:
        raise ValidationFailed(f"Unknown operation {operation!r}: {', '.join(OPERATIONS)}.")
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise ValidationFailed(f"db-maintenance does not support {connection.vendor}.")
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    template = (POSTGRESQL if connection.vendor == "postgresql" else SQLITE)[operation]
    if template is None:  # SQLite VACUUM: the whole file at once
        yield "(whole database)", "VACUUM"
        return
    for table in tables:
        yield table, template.format(connection.ops.quote_name(table))


def run(operation: str, progress: Callable[[int, int, str, float], None]) -> float:
    """Run `operation` table by table; `progress(index, total, table, seconds)` after each.
    Returns the total seconds."""
    steps = list(_statements(operation))
    if connection.in_atomic_block:
        raise ValidationFailed("db-maintenance cannot run inside a transaction.")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for index, (table, sql) in enumerate(steps, start=1):
            began = time.perf_counter()
            cursor.execute(sql)
            progress(index, len(steps), table, time.perf_counter() - began)
    return time.perf_counter() - started

"""Database insight (runbook §2.2 "check table sizes", §3.2 slow queries, §3.3 connections,
§6.1 index usage) for `unicon db-stats`."""

from django.db import DatabaseError, connection, transaction

TOP = 10


def _rows(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _exact_counts(tables: list[str]) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def postgresql_stats(*, exact: bool = False, top: int = TOP) -> dict:
    tables = _rows(
        """
        SELECT c.relname AS table,
               pg_total_relation_size(c.oid) AS total_bytes,
               pg_relation_size(c.oid) AS table_bytes,
               pg_indexes_size(c.oid) AS index_bytes,
               s.n_live_tup AS rows_estimate,
               s.seq_scan, s.idx_scan, s.n_dead_tup AS dead_rows,
               s.last_autovacuum, s.last_autoanalyze
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.relkind = 'r' AND n.nspname = current_schema()
        ORDER BY pg_total_relation_size(c.oid) DESC
        """
    )
    counts = _exact_counts([t["table"] for t in tables]) if exact else {}
    for table in tables:
        table["rows"] = counts.get(table["table"], table.pop("rows_estimate"))
        table.pop("rows_estimate", None)
        for key in ("last_autovacuum", "last_autoanalyze"):
            table[key] = table[key].isoformat() if table[key] else None
    indexes = _rows(
        """
        SELECT relname AS table, indexrelname AS index, idx_scan AS scans,
               pg_relation_size(indexrelid) AS bytes
        FROM pg_stat_user_indexes
        WHERE schemaname = current_schema()
        ORDER BY idx_scan ASC, pg_relation_size(indexrelid) DESC
        """
    )
    connections = _rows(
        """
        SELECT (SELECT COUNT(*) FROM pg_stat_activity) AS used,
               (SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'idle') AS idle,
               current_setting('max_connections')::int AS max,
               current_setting('superuser_reserved_connections')::int AS reserved
        """
    )[0]
    connections["available"] = connections["max"] - connections["used"] - connections["reserved"]
    report = {
        "vendor": "postgresql",
        "databaseBytes": _rows("SELECT pg_database_size(current_database()) AS b")[0]["b"],
        "rowsAreEstimates": not exact,
        "tables": tables,
        "indexes": indexes,
        "connections": connections,
        "slowQueries": None,
        "notes": [],
    }
    has_statements = _rows(
        "SELECT COUNT(*) AS n FROM pg_extension WHERE extname = 'pg_stat_statements'"
    )[0]["n"]
    if not has_statements:
        report["notes"].append(
            "pg_stat_statements is not installed, so there are no slow-query statistics. "
            "Enable it: shared_preload_libraries = 'pg_stat_statements' in postgresql.conf, "
            "restart, then CREATE EXTENSION pg_stat_statements;"
        )
        return report
    try:
        with transaction.atomic():
            report["slowQueries"] = _rows(
                """
                SELECT left(query, 300) AS query, calls,
                       round(mean_exec_time::numeric, 2)::float AS mean_ms,
                       round(total_exec_time::numeric, 2)::float AS total_ms, rows
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY mean_exec_time DESC
                LIMIT %s
                """,
                (top,),
            )
    except DatabaseError as exc:
        report["notes"].append(f"pg_stat_statements is installed but not readable: {exc}")
    return report


def sqlite_stats(*, exact: bool = True, top: int = TOP) -> dict:
    tables = [
        r["name"]
        for r in _rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = _exact_counts(tables)
    page_size = _rows("PRAGMA page_size")[0]["page_size"]
    page_count = _rows("PRAGMA page_count")[0]["page_count"]
    freelist = _rows("PRAGMA freelist_count")[0]["freelist_count"]
    notes = [
        "SQLite keeps no index-usage or query statistics: slow queries are only visible in "
        "the slow-request log. Use PostgreSQL in production."
    ]
    sizes: dict[str, int] = {}
    try:
        with transaction.atomic():
            sizes = {
                r["name"]: r["bytes"]
                for r in _rows("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name")
            }
    except DatabaseError:
        notes.append("The dbstat virtual table is not available: sizes per table are unknown.")
    index_rows = _rows(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY tbl_name, name"
    )
    index_bytes: dict[str, int] = {}
    for index in index_rows:
        index_bytes[index["tbl_name"]] = index_bytes.get(index["tbl_name"], 0) + sizes.get(
            index["name"], 0
        )
    table_list = [
        {
            "table": name,
            "rows": counts[name],
            "table_bytes": sizes.get(name),
            "index_bytes": index_bytes.get(name) if sizes else None,
            "total_bytes": (sizes.get(name, 0) + index_bytes.get(name, 0)) if sizes else None,
        }
        for name in tables
    ]
    table_list.sort(key=lambda t: (t["total_bytes"] or 0, t["rows"]), reverse=True)
    return {
        "vendor": "sqlite",
        "databaseBytes": page_size * page_count,
        "freeBytes": page_size * freelist,
        "rowsAreEstimates": False,
        "tables": table_list,
        "indexes": [
            {
                "table": i["tbl_name"],
                "index": i["name"],
                "scans": None,
                "bytes": sizes.get(i["name"]),
            }
            for i in index_rows
        ],
        "connections": None,
        "slowQueries": None,
        "notes": notes,
    }


def collect(*, exact: bool = False, top: int = TOP) -> dict:
    if connection.vendor == "postgresql":
        return postgresql_stats(exact=exact, top=top)
    return sqlite_stats(top=top)

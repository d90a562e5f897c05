"""Writing the big tables fast: rows as COPY CSV on PostgreSQL (executemany elsewhere), with
the secondary indexes and constraints of those tables dropped for the load and rebuilt before
the commit, which is several times faster than maintaining them row by row."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import operator
from collections.abc import Callable, Sequence

from django.db import connection, models

from unicon.runbook.datagen.plan import BIG_MODELS


class TableWriter:
    """Turns row dicts into one model's table rows (missing attributes take the field
    default); `CopyWriter` and `InsertWriter` send them."""

    def __init__(self, model: type[models.Model]):
        fields = model._meta.concrete_fields
        self.fields = fields
        self.defaults = {f.attname: self._default(f) for f in fields}
        self.pick = operator.itemgetter(*self.defaults)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in fields)

    @staticmethod
    def _default(f: models.Field):
        value = f.get_default()
        return json.dumps(value) if isinstance(f, models.JSONField) else value

    def values(self, row: dict) -> tuple:
        return self.pick({**self.defaults, **row})


class CopyWriter(TableWriter):
    """PostgreSQL: rows become COPY CSV where they are generated (`encode`, the C csv writer,
    in a worker process); `send` streams it over the raw connection. Every value is quoted, so
    "" is an empty string; nullable columns read "" as NULL (FORCE_NULL)."""

    def __init__(self, model: type[models.Model]):
        super().__init__(model)
        nullable = [connection.ops.quote_name(f.column) for f in self.fields if f.null]
        force_null = f", FORCE_NULL ({', '.join(nullable)})" if nullable else ""
        self.statement = f"COPY {self.table} ({self.columns}) FROM STDIN (FORMAT csv{force_null})"

    def encode(self, rows: Sequence[dict]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(map(self.values, rows))
        return buffer.getvalue().encode()

    def send(self, raw_connection, payload: bytes) -> None:
        if not payload:
            return
        cursor = raw_connection.cursor()
        with cursor, cursor.copy(self.statement) as copy:
            copy.write(payload)


class InsertWriter(TableWriter):
    """Other databases (SQLite): executemany with Django's own value preparation."""

    def __init__(self, model: type[models.Model]):
        super().__init__(model)
        self.prepare = [
            (lambda v: v) if isinstance(f, models.JSONField) else _prepare_for(f)
            for f in self.fields
        ]  # JSON columns come as text already

    def encode(self, rows: Sequence[dict]) -> list[tuple]:
        return [
            tuple(p(v) for p, v in zip(self.prepare, self.values(row), strict=True)) for row in rows
        ]

    def send(self, raw_connection, payload: list[tuple]) -> None:
        if not payload:
            return
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})",  # noqa: S608
                payload,
            )


def _prepare_for(f: models.Field) -> Callable:
    return lambda value: f.get_db_prep_save(value, connection)


_DROPPABLE_CONSTRAINTS = """
    SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
    ORDER BY c.contype DESC, c.conname
"""
_DROPPABLE_INDEXES = """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                      WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
    ORDER BY i.relname
"""


class PostgresBulkLoad:
    """Drops the secondary indexes and the unique/foreign-key constraints of the big tables for
    the load and rebuilds them afterwards, in the caller's transaction (so a failure restores
    them too). Rebuilding validates every row: a bad row fails the whole load."""

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self) -> PostgresBulkLoad:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # deferred checks of the master data just written must run before ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute(_DROPPABLE_CONSTRAINTS, [self.tables])
            self.constraints = cursor.fetchall()
            cursor.execute(_DROPPABLE_INDEXES, [self.tables])
            self.indexes = cursor.fetchall()
            for table, name, _ in self.constraints:  # foreign keys first (contype DESC)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
            for name, _ in self.indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return  # the transaction rolls back, the drops with it
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for _, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in reversed(self.constraints):  # unique first
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def bulk_load(models_: Sequence[type[models.Model]]):
    if connection.vendor == "postgresql":
        return PostgresBulkLoad([m._meta.db_table for m in models_])
    return contextlib.nullcontext()


def table_writers() -> list[TableWriter]:
    """One writer per big table, in `BIG_MODELS` order, for this database."""
    writer = CopyWriter if connection.vendor == "postgresql" else InsertWriter
    return [writer(model) for model in BIG_MODELS]

"""Rows of statements compiled once, with the ORM's own value conversions.

For the few per-request queries whose Python cost matters more than their SQL (the bearer
token of every API call, the shipment detail): compiling a QuerySet costs ~0.8 ms of CPU for
the token and ~1.5 ms for the detail's wide join, the statements themselves ~0.1-0.3 ms.
`ModelColumns` writes a model's column list once and turns a fetched slice of a row back into
an instance exactly as the ORM would (each field's database converters, e.g. SQLite's text
datetimes made aware). `PreparedValues` compiles a `values()` QuerySet once and runs the same
SQL again with another lookup value.
"""

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, connections
from django.db.models import Field, Model, QuerySet


class ModelColumns:
    """Every concrete column of `model`, selected from the table aliased `alias`."""

    def __init__(self, model: type[Model], alias: str):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in self.fields]
        quote = connection.ops.quote_name
        self.sql = ", ".join(f"{alias}.{quote(f.column)}" for f in self.fields)
        self._converters = None

    def __len__(self) -> int:
        return len(self.fields)

    def instance(self, values: Sequence[Any]) -> Model:
        """The model instance of `values` (this model's slice of a fetched row)."""
        if self._converters is None:
            self._converters = [self._converters_of(field) for field in self.fields]
        converted = []
        for value, (col, converters) in zip(values, self._converters, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, self.attnames, converted)

    @staticmethod
    def _converters_of(field) -> tuple:
        col = field.get_col(field.model._meta.db_table)
        return col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)


class PreparedValues:
    """A `values()` QuerySet compiled once per database connection and run again with other
    lookup values: the dicts `values()` would give, converted the same way.

    `build(*values)` returns the QuerySet for the lookup values; it is called once per
    connection with the sentinels of `lookups` ((field, sentinel) per argument). Each sentinel,
    adapted by its field, must appear among the compiled parameters (every occurrence takes the
    value) and nothing else may equal it; anything else in the QuerySet must be the same for
    every run."""

    def __init__(self, build: Callable[..., QuerySet], lookups: Sequence[tuple[Field, Any]]):
        self.build, self.lookups = build, tuple(lookups)
        self._alias: str | None = None
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _sentinels(self) -> list[Any]:
        return [sentinel for _, sentinel in self.lookups]

    def rows(self, *values: Any) -> list[dict[str, Any]]:
        """The rows for the lookup `values` (each adapted as the field's ORM lookup would;
        e.g. a malformed UUID raises ValidationError)."""
        if self._alias is None:
            self._alias = self.build(*self._sentinels()).db
        wrapper = connections[self._alias]
        compiled = self._compiled.get(wrapper)
        if compiled is None:
            compiled = self._compiled[wrapper] = self._compile(wrapper)
        sql, params, slots, names, converters = compiled
        params = list(params)
        for (field, _), value, places in zip(self.lookups, values, slots, strict=True):
            adapted = field.get_db_prep_value(value, wrapper)
            for place in places:
                params[place] = adapted
        with wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        rows = []
        for row in fetched:
            row = list(row)
            for pos, (convert_all, expression) in converters:
                for convert in convert_all:
                    row[pos] = convert(row[pos], expression, wrapper)
            rows.append(dict(zip(names, row, strict=True)))
        return rows

    def _compile(self, wrapper) -> tuple:
        query = self.build(*self._sentinels()).query
        compiler = query.get_compiler(connection=wrapper)
        sql, params = compiler.as_sql()
        slots = []
        for field, sentinel in self.lookups:
            marker = field.get_db_prep_value(sentinel, wrapper)
            places = [i for i, param in enumerate(params) if param == marker]
            if not places:
                raise ValueError(f"the sentinel {sentinel!r} is not a parameter of {sql}")
            slots.append(places)
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        expressions = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(expressions).items())
        return sql, tuple(params), slots, names, converters

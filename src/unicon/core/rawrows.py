"""Model instances from a hand-written SELECT, with the ORM's own value conversions.

For the few per-request queries whose Python cost matters more than their SQL (the bearer
token of every API call): compiling a QuerySet costs ~0.8 ms of CPU, the statement itself
~0.1 ms. `ModelColumns` writes a model's column list once and turns a fetched slice of a row
back into an instance exactly as the ORM would (each field's database converters, e.g.
SQLite's text datetimes made aware).
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


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

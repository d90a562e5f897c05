"""Django's PostgreSQL backend, with psycopg's C loader for `timestamptz` columns.

Django 5.2 registers a loader that subclasses psycopg's pure-Python `TimestamptzLoader` (to
attach the connection's time zone), so every datetime read runs a regular expression in
Python: a third of the time of a page listing a few hundred tasks. Django keeps the
connection's TimeZone at its own (UTC with USE_TZ), and the C loader already returns datetimes
in the connection's time zone, so the results are the same, parsed in C.
"""

from django.db.backends.postgresql import base
from psycopg import adapters
from psycopg.adapt import Loader

try:
    from psycopg_binary._psycopg import TimestamptzLoader as _FastLoader
except ImportError:  # pure-Python psycopg: keep Django's loader
    _FastLoader = None


class _DelegatingTzLoader(Loader):
    """Delegates to the C loader (a final class, so it cannot be subclassed); `timezone` is
    what Django compares to decide whether a cursor needs a loader of its own."""

    timezone = None

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._parse = _FastLoader(oid, context).load

    def load(self, data):
        return self._parse(data)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if _FastLoader is not None:
            loader = type("FastTzLoader", (_DelegatingTzLoader,), {"timezone": self.timezone})
            connection.adapters.register_loader(adapters.types["timestamptz"].oid, loader)
        return connection

"""The PostgreSQL backend (`unicon.core.db.postgresql`) parses timestamptz with psycopg's C
loader: datetimes must read back exactly as written, aware, in UTC (as Django's own loader
returns them)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from unicon.core.models import AuditEntry

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the backend only replaces PostgreSQL's loader"
)

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_c_loader_is_registered():
    from psycopg import adapters
    from psycopg.pq import Format

    assert connections["default"].__class__.__module__ == "unicon.core.db.postgresql.base"
    connection.ensure_connection()
    oid = adapters.types["timestamptz"].oid
    loader = connection.connection.adapters.get_loader(oid, Format.TEXT)
    assert loader.__name__ == "FastTzLoader"


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 28, 23, 59, 59, 999999, tzinfo=SAIGON),
        dt.datetime(1999, 12, 31, 17, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 2, 29, 0, 0, 0, 1, tzinfo=SAIGON),
    ],
)
def test_datetimes_read_back_exactly_and_in_utc(moment):
    entry = AuditEntry.objects.create(action="test.datetime")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::timestamptz, created_at FROM core_auditentry WHERE id = %s",
            [moment, entry.pk],
        )
        echoed, created = cursor.fetchone()

    assert echoed == moment
    assert echoed.utcoffset() == dt.timedelta(0)
    assert AuditEntry.objects.get(pk=entry.pk).created_at == entry.created_at == created

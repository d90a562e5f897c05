"""The bearer token of an API call: its session row and user in one indexed query."""

from functools import cache

from django.db import connection
from django.utils import timezone

from unicon.accounts.models import SessionKind, User, UserSession
from unicon.core.rawrows import ModelColumns


@cache
def _query() -> tuple[str, ModelColumns, ModelColumns]:
    session, user = ModelColumns(UserSession, "s"), ModelColumns(User, "u")
    quote = connection.ops.quote_name
    sessions, users = quote(UserSession._meta.db_table), quote(User._meta.db_table)
    # identifiers only, from the models' metadata; the values are parameters
    sql = (
        f"SELECT {session.sql}, {user.sql} FROM {sessions} s"  # noqa: S608
        f" INNER JOIN {users} u ON u.{quote('id')} = s.{quote('user_id')}"
        f" WHERE s.{quote('session_key')} = %s AND s.{quote('kind')} = %s"
        f" AND s.{quote('expire_date')} > %s AND u.{quote('is_active')}"
    )
    return sql, session, user


def find_api_session(token: str) -> UserSession | None:
    """The unexpired API session of `token` with its active user loaded (`.user`), or None.

    One statement on the session's primary key, written once: the same rows as
    `UserSession.objects.select_related("user").filter(…)` without compiling a QuerySet on
    every request (~0.8 ms of CPU, most of a token check)."""
    sql, session, user = _query()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [token, SessionKind.API.value, now])
        found = cursor.fetchone()
    if found is None:
        return None
    row = session.instance(found[: len(session)])
    row.user = user.instance(found[len(session) :])
    return row

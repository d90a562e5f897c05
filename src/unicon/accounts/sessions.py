"""Session engine: Django's database sessions, with the owner, kind, client and timing
kept in columns so that sessions can be listed, expired and revoked per user.

The same rows back browser cookies and API bearer tokens (`SESSION_ENGINE`).
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from unicon.core import context

META_KEY = "_unicon"


def expiry(created_at: datetime, last_seen_at: datetime) -> datetime:
    """A session ends at the earlier of its absolute lifetime and its idle timeout."""
    return min(
        created_at + settings.SESSION_ABSOLUTE_LIFETIME,
        last_seen_at + settings.SESSION_IDLE_TIMEOUT,
    )


def new_meta(user_id: str, kind: str) -> dict:
    ctx = context.current()
    return {
        "sid": uuid.uuid4().hex,
        "user": user_id,
        "kind": kind,
        "created": timezone.now().isoformat(),
        "ip": ctx.ip,
        "ua": ctx.user_agent[:300],
    }


class SessionStore(DBStore):
    row = None  # the UserSession row this store was loaded from, if any

    @classmethod
    def get_model_class(cls):
        from unicon.accounts.models import UserSession

        return UserSession

    def _get_session_from_db(self):
        self.row = super()._get_session_from_db()
        return self.row

    @classmethod
    def from_row(cls, row) -> "SessionStore":
        """A store over a row already read (with its user), so that no second query runs."""
        store = cls(session_key=row.session_key)
        store.row = row
        store._session_cache = store.decode(row.session_data)
        return store

    def create_model_instance(self, data):
        user_id = data.get(SESSION_KEY)
        meta = data.get(META_KEY)
        if user_id and (not meta or meta.get("user") != user_id):
            meta = data[META_KEY] = new_meta(user_id, "web")
        obj = super().create_model_instance(data)
        now = timezone.now()
        meta = meta or {}
        obj.user_id = int(user_id) if user_id else None
        obj.sid = meta.get("sid", "")
        obj.kind = meta.get("kind", "web")
        obj.created_at = parse_datetime(meta["created"]) if meta.get("created") else now
        obj.last_seen_at = now
        obj.ip = meta.get("ip")
        obj.user_agent = meta.get("ua", "")
        obj.expire_date = expiry(obj.created_at, now)
        self.row = obj
        return obj

    @property
    def sid(self) -> str:
        return (self.get(META_KEY) or {}).get("sid", "")

    def touch(self) -> None:
        """Push the idle deadline forward, writing at most once per SESSION_TOUCH_INTERVAL."""
        row, now = self.row, timezone.now()
        if row is None or now - row.last_seen_at < settings.SESSION_TOUCH_INTERVAL:
            return
        row.last_seen_at, row.expire_date = now, expiry(row.created_at, now)
        type(row).objects.filter(pk=row.pk).update(
            last_seen_at=row.last_seen_at, expire_date=row.expire_date
        )

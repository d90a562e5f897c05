"""Maintenance and read-only modes: one database row shared by every app process.

Each process keeps the row for `SYSTEM_MODE_CACHE_SECONDS` (default 5) so checking the mode
costs one query every few seconds, not one per request. A change made in this process is
seen at once; other processes see it within the cache time.

The outage switch works WITHOUT the database (runbook §4.3 "database outage"): while the file
MAINTENANCE_FLAG_FILE exists (`unicon maintenance on --outage`; its text is the message) or
while the process runs with UNICON_MAINTENANCE=true, the mode is maintenance whatever the
database says. The file is checked on every call (one `stat`), so every process on that
server follows at once; on several servers, create it on each (or use a shared folder).
"""

import os
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.runbook.models import SystemMode, mode_name


@dataclass(frozen=True)
class Mode:
    maintenance: bool = False
    read_only: bool = False
    message: str = ""
    changed_at: str | None = None
    changed_by: str = ""
    source: str = "database"

    @property
    def name(self) -> str:
        return mode_name(self.maintenance, self.read_only)

    def report(self) -> dict:
        """The mode as shown by `/api/health` and `unicon maintenance status`."""
        return {
            "name": self.name,
            "maintenance": self.maintenance,
            "readOnly": self.read_only,
            "message": self.message,
            "changedAt": self.changed_at,
            "changedBy": self.changed_by,
            "source": self.source,
        }

    def user_message(self) -> str:
        if self.message:
            return self.message
        if self.maintenance:
            return _("The system is down for maintenance. Please try again shortly.")
        return _("The system is in read-only mode for maintenance: changes are not accepted.")


NORMAL = Mode()
_lock = threading.Lock()
_cached: tuple[float, Mode] | None = None


def _from_row(row: SystemMode | None) -> Mode:
    if row is None:
        return NORMAL
    return Mode(
        maintenance=row.maintenance,
        read_only=row.read_only,
        message=row.message,
        changed_at=row.changed_at.isoformat() if row.changed_at else None,
        changed_by=row.changed_by,
    )


def invalidate() -> None:
    global _cached
    with _lock:
        _cached = None


def outage() -> Mode | None:
    """The database-free switch: the flag file or UNICON_MAINTENANCE, else None."""
    if getattr(settings, "MAINTENANCE_FORCED", False):
        return Mode(maintenance=True, changed_by="UNICON_MAINTENANCE", source="environment")
    path = getattr(settings, "MAINTENANCE_FLAG_FILE", None)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        return None
    if stat is None:
        return None
    try:
        message = Path(path).read_text(encoding="utf-8").strip()[:500]
    except (OSError, UnicodeDecodeError):
        message = ""
    changed = datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat()
    return Mode(
        maintenance=True,
        message=message,
        changed_at=changed,
        changed_by=str(path),
        source="flag file",
    )


def set_outage(on: bool, message: str = "") -> Path:
    """Create (with the message) or remove the flag file; touches no database."""
    path = Path(settings.MAINTENANCE_FLAG_FILE)
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(message, encoding="utf-8")
        os.replace(temporary, path)
    else:
        path.unlink(missing_ok=True)
    return path


def current(*, refresh: bool = False) -> Mode:
    """The mode: the outage switch if set, else the database row at most
    `SYSTEM_MODE_CACHE_SECONDS` old; normal if the database is down."""
    forced = outage()
    if forced is not None:
        return forced
    global _cached
    ttl = getattr(settings, "SYSTEM_MODE_CACHE_SECONDS", 5)
    now = time.monotonic()
    cached = _cached
    if not refresh and cached is not None and now - cached[0] < ttl:
        return cached[1]
    try:
        mode = _from_row(SystemMode.objects.filter(pk=SystemMode.SINGLETON_PK).first())
    except DatabaseError:
        # No table yet (before migrate) or database down: health reports the database.
        return NORMAL
    with _lock:
        _cached = (now, mode)
    return mode


@transaction.atomic
def set_mode(
    *,
    maintenance: bool | None = None,
    read_only: bool | None = None,
    message: str | None = None,
    actor_label: str = "cli",
) -> Mode:
    row, _created = SystemMode.objects.select_for_update().get_or_create(pk=SystemMode.SINGLETON_PK)
    if maintenance is not None:
        row.maintenance = maintenance
    if read_only is not None:
        row.read_only = read_only
    if message is not None:
        row.message = message
    if not row.maintenance and not row.read_only and message is None:
        row.message = ""
    row.changed_at = timezone.now()
    row.changed_by = actor_label[:254]
    with audit.labelled("ops.mode_change"):
        row.save()
    invalidate()
    transaction.on_commit(invalidate)
    return _from_row(row)


def reapply(mode: Mode) -> None:
    """Put `mode` back (used after a restore replaced the mode row). The outage switch lives
    outside the database and needs no putting back."""
    if mode.source != "database":
        return
    now = current(refresh=True)
    if (now.maintenance, now.read_only, now.message) != (
        mode.maintenance,
        mode.read_only,
        mode.message,
    ):
        fields = asdict(mode)
        set_mode(
            maintenance=fields["maintenance"],
            read_only=fields["read_only"],
            message=fields["message"],
            actor_label=fields["changed_by"] or "restore",
        )

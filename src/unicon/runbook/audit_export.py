"""Streaming export of the audit trail (runbook §4.3 "export audit logs").

Rows are read with `.iterator(chunk_size=…)` (a server-side cursor on PostgreSQL) and
written one by one, so memory stays flat however many millions of rows match.
"""

import csv
import json
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import IO

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from unicon.accounts.models import User, normalise_email
from unicon.core import dates
from unicon.core.errors import ValidationFailed
from unicon.core.models import AuditEntry

FIELDS = [
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "extra",
    "request_id",
    "ip",
    "user_agent",
]
CHUNK_SIZE = 2000


def parse_moment(value: str, *, end: bool = False, option: str = "--since") -> datetime:
    """`2026-01-31` (a whole day: --until includes it) or an ISO date-time, local time if
    naive; within `core.dates`' range (else `ValidationFailed` naming `option`)."""
    try:
        day = parse_date(value)
        moment = None if day else parse_datetime(value)
    except ValueError:
        day = moment = None
    if day is None and moment is None:
        if dates.looks_too_far(value):
            raise ValidationFailed(dates.refusal_text(option))
        raise ValidationFailed(f"Not a date or date-time: {value!r} (use YYYY-MM-DD[THH:MM]).")
    dates.check(day or moment, option.lstrip("-"), option)
    if day is not None:
        moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


ROLES = ("actor", "subject")


def user_filter(email: str, roles: tuple[str, ...] = ROLES) -> Q:
    """Entries about one user: as `actor` (what they did) and/or as `subject` (what was done
    to them or in their name: role changes, forced resets, session ends, failed logins and
    lock-outs with their e-mail). Raises ValidationFailed for an unknown e-mail."""
    email = normalise_email(email)
    user = User.objects.filter(email=email).values_list("pk", flat=True).first()
    if user is None:
        raise ValidationFailed(f"No user with the e-mail {email}.")
    condition = Q(pk__in=[])
    if "actor" in roles:
        condition |= Q(actor_label=email) | Q(actor_id=user)
    if "subject" in roles:
        condition |= Q(object_type=User._meta.label_lower, object_id=str(user))
        condition |= Q(extra__email=email)
    return condition


def entries(
    since: datetime | None,
    until: datetime | None,
    user: str | None,
    roles: tuple[str, ...] = ROLES,
):
    rows = AuditEntry.objects.all()
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    if user:
        rows = rows.filter(user_filter(user, roles))
    return rows.order_by("id").values_list(*FIELDS)


def _jsonl(rows: Iterator[tuple], out: IO[str]) -> int:
    count = 0
    for row in rows:
        line = json.dumps(
            dict(zip(FIELDS, row, strict=True)), cls=DjangoJSONEncoder, ensure_ascii=False
        )
        out.write(line + "\n")
        count += 1
    return count


def _csv(rows: Iterator[tuple], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for row in rows:
        values = list(row)
        values[1] = values[1].isoformat()
        values[8] = json.dumps(values[8], ensure_ascii=False, cls=DjangoJSONEncoder)
        values[9] = json.dumps(values[9], ensure_ascii=False, cls=DjangoJSONEncoder)
        writer.writerow(values)
        count += 1
    return count


def export(
    out: IO[str],
    *,
    fmt: str,
    since: datetime | None = None,
    until: datetime | None = None,
    user: str | None = None,
    roles: tuple[str, ...] = ROLES,
) -> int:
    """Write the matching entries, oldest first; returns how many. `user` (an e-mail) with
    `roles` ⊆ ("actor", "subject") keeps the entries about that user."""
    if fmt not in {"jsonl", "csv"}:
        raise ValidationFailed("The format is jsonl or csv.")
    if since and until and since >= until:
        raise ValidationFailed("--since must be before --until.")
    rows = entries(since, until, user, roles).iterator(chunk_size=CHUNK_SIZE)
    return _jsonl(rows, out) if fmt == "jsonl" else _csv(rows, out)

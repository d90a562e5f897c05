"""Which customers must be reminded of which receivables today (issue 17 §3).

Rules (per customer, `ReminderSettings`, default: on, 3 days before, the customer's e-mail):
BEFORE_DUE when the due date is `days_before` days away, DUE_TODAY on the due date, OVERDUE
every 7th day past due (7, 14, 21 …). Only unpaid receivables (OPEN, PARTIALLY_PAID, OVERDUE).
`send_reminders` delivers them through the notifications outbox (`notices.reminder`: in-app
and e-mail to the customer's owners, their preferences honoured, once per receivable and
step); the daily job `billing-reminders` (billing/tasks.py) and `unicon billing-reminders`
call it; `--dry-run` only lists them with ACCOUNTING's digest figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing import notices, policies
from unicon.billing.lookups import field_error
from unicon.billing.models import Receivable, ReminderSettings
from unicon.billing.receivables import LIVE, R
from unicon.core import audit, numbers

DEFAULT = ReminderSettings(enabled=True, days_before=3)
#: How many days before the due date the early reminder goes (0: none).
DAYS_BEFORE = numbers.Bound(0, 60)


@dataclass(frozen=True)
class Reminder:
    kind: str  # BEFORE_DUE | DUE_TODAY | OVERDUE
    customer: str
    reference: str
    due_date: date
    outstanding: int
    emails: tuple[str, ...]
    receivable: Receivable = field(compare=False, repr=False)


def _kind(due: date, today: date, days_before: int) -> str | None:
    late = (today - due).days
    if late == 0:
        return "DUE_TODAY"
    if late > 0 and late % 7 == 0:
        return "OVERDUE"
    if days_before and due - today == timedelta(days=days_before):
        return "BEFORE_DUE"
    return None


def due_reminders(today: date | None = None) -> list[Reminder]:
    """The reminders of `today` (Asia/Ho_Chi_Minh), oldest due first."""
    today = today or timezone.localdate()
    rows = (
        Receivable.objects.filter(status__in=LIVE)
        .select_related("customer", "customer__reminder_settings", "invoice__customer")
        .order_by("due_date", "id")
    )
    result = []
    for receivable in rows.iterator(chunk_size=500):
        customer = receivable.customer
        settings = getattr(customer, "reminder_settings", None) or DEFAULT
        kind = settings.enabled and _kind(receivable.due_date, today, settings.days_before)
        if not kind:
            continue
        emails = tuple(settings.contacts) or ((customer.email,) if customer.email else ())
        result.append(
            Reminder(
                kind,
                customer.name,
                receivable.reference,
                receivable.due_date,
                receivable.outstanding,
                emails,
                receivable,
            )
        )
    return result


def send_reminders(today: date | None = None) -> tuple[int, int]:
    """Record today's reminders as notifications (each in its own transaction, so one bad
    row does not hold back the others), then ACCOUNTING's overdue digest. Returns (due today,
    newly sent reminders): a second run of the same day sends 0 (and no second digest)."""
    today = today or timezone.localdate()
    found = due_reminders(today)
    sent = 0
    for item in found:
        with transaction.atomic():
            sent += notices.reminder(item.receivable, item.kind, today)
    with transaction.atomic():
        notices.overdue_digest(digest(), today)
    return len(found), sent


def digest() -> dict[str, int]:
    """ACCOUNTING's daily figures: overdue receivables (stored status, set by `mark-overdue`)
    and their outstanding total."""
    overdue = Receivable.objects.filter(status=R.OVERDUE)
    total = overdue.aggregate(s=Sum("amount") - Sum("paid_amount"))["s"] or 0
    return {"overdue": overdue.count(), "overdueAmount": total}


def settings_of(user, customer) -> ReminderSettings:
    """The customer's settings (the defaults when never saved)."""
    policies.ensure_manager(user)
    found = ReminderSettings.objects.filter(customer=customer).first()
    return found or ReminderSettings(customer=customer, enabled=True, days_before=3)


def save_settings(user, customer, data: dict) -> ReminderSettings:
    """{enabled, days_before (0–60), emails (one per line)}; audited. 400 on a bad e-mail."""
    policies.ensure_manager(user)
    label = _("Days before the due date")
    days = numbers.check(data.get("days_before", 3), DAYS_BEFORE, "daysBefore", label)
    settings = ReminderSettings(customer=customer, emails=str(data.get("emails") or ""))
    for email in settings.contacts:
        try:
            validate_email(email)
        except ValidationError:
            raise field_error("emails", _("Not an e-mail address: %(e)s") % {"e": email}) from None
    with transaction.atomic(), audit.labelled("reminders.save"):
        settings, _created = ReminderSettings.objects.update_or_create(
            customer=customer,
            defaults={
                "enabled": bool(data.get("enabled", True)),
                "days_before": days,
                "emails": "\n".join(settings.contacts),
            },
        )
    return settings

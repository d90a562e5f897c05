"""Statements (bảng kê) and the shipments' financial status.

A statement gathers one customer's delivered, unbilled charges of a period; the customer
confirms it or disputes a line; accounting resolves a dispute by editing the charges (each
edit versioned in the audit trail) and sends it again. Invoices: `unicon.billing.invoices`.
"""

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unicon.billing import policies
from unicon.billing.lookups import field_error, one
from unicon.billing.models import Charge, InvoiceLine, Statement, StatementStatus
from unicon.core import audit, numbers
from unicon.core.errors import Conflict, Forbidden
from unicon.customers.models import Customer, StatementCycle
from unicon.shipments.models import EventKind, Shipment
from unicon.shipments.numbering import next_number
from unicon.shipments.services import append_event

ST = StatementStatus


# --------------------------------------------------------------------------- financial status


def set_financial_status(shipment_ids, target: str, actor, note: str = "") -> None:
    """Move the financial status of the shipments (row-locked) to `target`, with one
    FINANCIAL_STATUS event each; call inside the caller's transaction."""
    for shipment in Shipment.objects.select_for_update().filter(pk__in=list(shipment_ids)):
        current = shipment.financial_status
        if current == target:
            continue
        shipment.financial_status = target
        with audit.labelled("shipment.financial_status"):
            shipment.save(update_fields=["financial_status", "updated_at"])
        append_event(
            shipment,
            EventKind.FINANCIAL_STATUS,
            actor=actor,
            note=note,
            from_status=current,
            to_status=target,
        )


def _live_line(**outer) -> Exists:
    return Exists(InvoiceLine.objects.filter(live=True, **outer))


# --------------------------------------------------------------------------- statements


def cycle_period(customer: Customer, on: date) -> tuple[date, date]:
    """The statement period containing `on` under the customer's statement rule: MONTHLY_25
    closes on the 25th (26th of the previous month → 25th), WEEKLY is Monday-Sunday, BIMONTHLY
    1st-15th / 16th-month end, MONTHLY_30 and no rule are the calendar month."""
    last_day = calendar.monthrange(on.year, on.month)[1]
    cycle = customer.statement_cycle
    if cycle == StatementCycle.MONTHLY_25:
        if on.day > 25:
            start = on.replace(day=26)
            nxt = (start.replace(day=1) + timedelta(days=32)).replace(day=25)
            return start, nxt
        prev = on.replace(day=1) - timedelta(days=1)
        return prev.replace(day=26), on.replace(day=25)
    if cycle == StatementCycle.WEEKLY:
        start = on - timedelta(days=on.weekday())
        return start, start + timedelta(days=6)
    if cycle == StatementCycle.BIMONTHLY:
        if on.day <= 15:
            return on.replace(day=1), on.replace(day=15)
        return on.replace(day=16), on.replace(day=last_day)
    return on.replace(day=1), on.replace(day=last_day)


def visible_statements(user) -> QuerySet[Statement]:
    """Statements `user` may read; a customer sees its own once they are sent (not drafts)."""
    policies.ensure_reader(user)
    rows = policies.restrict(Statement.objects.select_related("customer"), user)
    if policies.is_customer_user(user):
        rows = rows.exclude(status=ST.DRAFT)
    return rows


def get_statement(user, public_id, *, lock: bool = False) -> Statement:
    return one(visible_statements(user), public_id, _("No such statement."), lock=lock)


def refresh_statement_total(statement_id: int) -> None:
    """Store the sum of the statement's charges (inside the caller's transaction); 400 when
    it is above `numbers.MAX_MONEY` (the caller's change is then rolled back)."""
    total = Charge.objects.filter(statement_id=statement_id).aggregate(t=Sum("amount"))["t"]
    numbers.check(total or 0, numbers.MONEY, "total", _("The statement total"))
    Statement.objects.filter(pk=statement_id).update(total=total or 0)


def _customer(public_id) -> Customer:
    found = Customer.objects.filter(public_id=public_id).first() if public_id else None
    if found is None:
        raise field_error("customerId", _("Unknown customer."))
    return found


def _local_bounds(start: date, end: date):
    tz = timezone.get_default_timezone()
    low = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()), tz)
    high = timezone.make_aware(
        timezone.datetime.combine(end + timedelta(days=1), timezone.datetime.min.time()), tz
    )
    return low, high


def build_statement(user, customer_id, period_start=None, period_end=None) -> Statement:
    """A DRAFT statement of the customer's delivered (actual end in the period, local dates),
    uninvoiced charges not yet on a statement. Without dates: the customer's cycle period
    containing today. 409 when there is nothing to bill."""
    policies.ensure_manager(user)
    customer = _customer(customer_id)
    if period_start is None or period_end is None:
        period_start, period_end = cycle_period(customer, timezone.localdate())
    if period_end < period_start:
        raise field_error("periodEnd", _("Must not be before the start date."))
    low, high = _local_bounds(period_start, period_end)
    with transaction.atomic():
        charges = (
            Charge.objects.select_for_update()
            .filter(
                shipment__customer=customer,
                shipment__actual_end__gte=low,
                shipment__actual_end__lt=high,
                statement__isnull=True,
            )
            .exclude(_live_line(charge=OuterRef("pk")))
        )
        ids = list(charges.values_list("pk", flat=True))
        if not ids:
            raise Conflict(_("No unbilled charges in this period."), {"period": ["empty"]})
        with audit.labelled("statement.build"):
            statement = Statement.objects.create(
                number=next_number("BK"),
                customer=customer,
                period_start=period_start,
                period_end=period_end,
                created_by=user,
            )
        Charge.objects.filter(pk__in=ids).update(statement=statement)
        refresh_statement_total(statement.pk)
    statement.refresh_from_db()
    return statement


#: Statement moves: action → (roles allowed: "manager" or "customer", from states, to state).
STATEMENT_MOVES = {
    "send": ("manager", {ST.DRAFT}, ST.SENT),
    "confirm": ("customer", {ST.SENT}, ST.CONFIRMED),
    "dispute": ("customer", {ST.SENT}, ST.DISPUTED),
    "resolve": ("manager", {ST.DISPUTED}, ST.SENT),
}


def _may_move(user, who: str) -> bool:
    if who == "manager":
        return policies.may_manage(user)
    return policies.may_answer_statement(user)


def allowed_statement_moves(user, statement: Statement) -> list[str]:
    """The actions `user` may take on the statement now (what the page shows)."""
    return [
        name
        for name, (who, sources, _target) in STATEMENT_MOVES.items()
        if statement.status in sources and _may_move(user, who)
    ]


def move_statement(user, public_id, action: str, *, charge_id=None, comment: str = "") -> Statement:
    """send (DRAFT → SENT), confirm / dispute (customer: SENT → CONFIRMED / DISPUTED; a dispute
    names a charge and a comment), resolve (accounting, after editing charges: DISPUTED → SENT,
    comments cleared). 404 outside the user's company, 403 for a wrong role, 409 wrong state."""
    if action not in STATEMENT_MOVES:
        raise field_error("action", _("Unknown action."))
    who, sources, target = STATEMENT_MOVES[action]
    with transaction.atomic():
        statement = get_statement(user, public_id, lock=True)
        if not _may_move(user, who):
            if who == "customer":
                raise Forbidden(_("Only the customer's owner confirms or disputes a statement."))
            raise Forbidden(_("Your role may not do this."))
        if statement.status not in sources:
            raise Conflict(
                _("Not possible while the statement is %(s)s.")
                % {"s": statement.get_status_display()},
                {"status": statement.status},
            )
        if action == "dispute":
            comment = (comment or "").strip()
            if not comment:
                raise field_error("comment", _("Say what is wrong."))
            line = statement.charges.filter(public_id=charge_id).first() if charge_id else None
            if line is None:
                raise field_error("chargeId", _("Choose a line of this statement."))
            line.dispute_comment = comment
            with audit.labelled("statement.dispute"):
                line.save(update_fields=["dispute_comment", "updated_at"])
        if action == "resolve":
            statement.charges.exclude(dispute_comment="").update(dispute_comment="")
        statement.status = target
        now = timezone.now()
        if action == "send":
            statement.sent_at = now
        if action == "confirm":
            statement.confirmed_at = now
        with audit.labelled(f"statement.{action}"):
            statement.save()
    return statement

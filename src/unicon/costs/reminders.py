"""Service-due reminders: the next service written on a vehicle's latest repair log (a date,
an odometer reading, or both) is coming up or has passed → dispatchers and ADMIN, once per
repair log and step (`service-reminders`, a daily job of the worker). Which services are
due is `services.planned_services`, the rule of the "services due" list."""

import datetime as dt

from unicon.core.display import grouped
from unicon.costs.models import RepairLog
from unicon.costs.services import planned_services
from unicon.fleet.models import VehicleStatus
from unicon.fleet.services import business_today
from unicon.notifications import catalogue
from unicon.notifications.services import notify

#: Reminders before a dated service (days left), as for papers.
REMINDER_DAYS = (1, 7)
#: A service due by distance is announced this many km before (about a week of port runs).
SOON_KM = 1000


def _by_date(plan: RepairLog, today: dt.date) -> tuple[str, dict, str] | None:
    if plan.next_service_on is None:
        return None
    days = (plan.next_service_on - today).days
    if days > max(REMINDER_DAYS):
        return None
    params = {"what": str(plan.vehicle), "date": plan.next_service_on.strftime("%d/%m/%Y")}
    if days < 0:
        return catalogue.SERVICE_OVERDUE, params, "date:overdue"
    step = min(d for d in REMINDER_DAYS if days <= d)
    return catalogue.SERVICE_DUE, {**params, "days": days}, f"date:{step}"


def _by_distance(plan: RepairLog, odometer: int | None) -> tuple[str, dict, str] | None:
    if plan.next_service_km is None or odometer is None:
        return None
    if plan.next_service_km - odometer > SOON_KM:
        return None
    step = "over" if odometer >= plan.next_service_km else "soon"
    params = {
        "what": str(plan.vehicle),
        "due_km": grouped(plan.next_service_km),
        "odometer_km": grouped(odometer),
    }
    return catalogue.SERVICE_DUE_KM, params, f"km:{step}"


def service_reminders(today: dt.date | None = None) -> str:
    """Notify dispatchers and ADMIN of services due within 7/1 days or past their date, and
    of services due within `SOON_KM` km of the vehicle's highest known odometer reading (or
    past it); each once per repair log and step. Vehicles out of service are skipped.
    Returns "N reminder(s)"."""
    today = today or business_today()
    logs = RepairLog.objects.select_related("vehicle").exclude(
        vehicle__status=VehicleStatus.OUT_OF_SERVICE
    )
    sent = 0
    for plan, odometer in planned_services(logs, max(REMINDER_DAYS), SOON_KM):
        for found in (_by_date(plan, today), _by_distance(plan, odometer)):
            if found is None:
                continue
            kind, params, step = found
            event = notify(kind, plan.vehicle, params=params, dedupe_key=f"{kind}:{plan.pk}:{step}")
            sent += event is not None
    return f"{sent} reminder(s)"

"""Rows whose business dates lie outside `core.dates`' range, written through the ORM as data
stored before the input was bounded (or by an admin in the database) would be: the demo
company with a few rows of each kind overwritten (tests/web/test_stored_extreme_dates.py,
tests/dataio/test_export_extreme_dates.py)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import models

from unicon.billing.models import Invoice, Statement, Tariff
from unicon.billing.receivable_models import Allocation, Payment, Receivable
from unicon.costs.models import FuelLog, PurchaseInvoice, RepairLog
from unicon.dispatch.models import DriverTask
from unicon.fleet.models import Driver, Vehicle
from unicon.pods.models import PodFile, ShipmentDocument
from unicon.shipments.models import OperationStatus, Shipment, ShipmentEvent, Stop

HOUR = dt.timedelta(hours=1)
FIRST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
LAST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
#: (day, moment at which windows start, moment at which they end): an hour apart, so that
#: the "end after start" constraints hold; both past the ends of the business time zone.
EXTREMES = {
    "first": (dt.date(1, 1, 1), FIRST, FIRST + HOUR),
    "last": (dt.date(9999, 12, 31), LAST - HOUR, LAST),
}
#: Timestamps the system writes itself (not business dates a person types or imports).
SYSTEM = {"created_at", "updated_at", "uploaded_at"}
ENDS = ("_end", "departure", "completed_at", "closed_at")
ROWS_PER_KIND = 2


def overwrite(rows, day: dt.date, start: dt.datetime, end: dt.datetime) -> None:
    """Every non-empty business date of `rows` set to `day` (datetimes: `start`, or `end` for
    the end of a window)."""
    for row in rows:
        values = {}
        for field in row._meta.concrete_fields:
            if not isinstance(field, models.DateField) or field.name in SYSTEM:
                continue
            if getattr(row, field.attname) is None:
                continue
            if isinstance(field, models.DateTimeField):
                values[field.attname] = end if field.name.endswith(ENDS) else start
            else:
                values[field.attname] = day
        if values:
            type(row).objects.filter(pk=row.pk).update(**values)


def store_extremes(day: dt.date, start: dt.datetime, end: dt.datetime) -> dict:
    """Overwrite a few rows of each kind; returns the rows whose pages are opened."""
    shipments = [
        s
        for status in OperationStatus.values
        if (s := Shipment.objects.filter(operation_status=status).order_by("pk").first())
    ]
    overwrite(shipments, day, start, end)
    for model in (Stop, ShipmentEvent, DriverTask, PodFile, ShipmentDocument):
        overwrite(model.objects.filter(shipment__in=shipments), day, start, end)
    chosen = {"shipments": shipments}
    for model in (
        Vehicle,
        Driver,
        Tariff,
        Statement,
        Invoice,
        Receivable,
        Payment,
        Allocation,
        FuelLog,
        RepairLog,
        PurchaseInvoice,
    ):
        rows = list(model.objects.order_by("pk")[:ROWS_PER_KIND])
        overwrite(rows, day, start, end)
        chosen[model.__name__] = rows
    return chosen


@pytest.fixture(params=sorted(EXTREMES))
def extreme(request, files_in_tmp) -> dict:
    """The demo company with rows at one of the `EXTREMES`; the rows overwritten, by kind."""
    call_command("seed_demo")
    return store_extremes(*EXTREMES[request.param])

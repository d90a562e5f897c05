"""The margin report as an XLSX workbook (openpyxl, write-only): one row per tractor, the
fleet total last; money in whole đồng, litres with 3 decimals."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from unicon.costs.margins import TOTALS, MarginReport

COLUMNS = [
    ("trips", "Trips"),
    ("km", "km"),
    ("fuel_litres", "Fuel (L)"),
    ("fuel_cost", "Fuel (đ)"),
    ("consumption", "L/100 km"),
    ("repair_cost", "Repairs (đ)"),
    ("other_cost", "Other costs (đ)"),
    ("cost", "Costs (đ)"),
    ("revenue", "Revenue (đ)"),
    ("margin", "Margin (đ)"),
    ("cost_per_km", "Cost per km (đ)"),
]


def margin_workbook(report: MarginReport) -> bytes:
    """XLSX bytes of `report`; missing revenue/margin are empty cells."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Margin per truck"))
    sheet.append([f"{report.date_from:%d/%m/%Y} – {report.date_to:%d/%m/%Y}"])
    sheet.append([_("Tractor"), *(_(label) for _name, label in COLUMNS)])
    for truck in report.trucks:
        sheet.append([str(truck.vehicle), *(getattr(truck, name) for name, _label in COLUMNS)])
    sheet.append(
        [_("Fleet"), *(report.total(name) if name in TOTALS else None for name, _l in COLUMNS)]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

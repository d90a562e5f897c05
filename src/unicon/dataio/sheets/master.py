"""Handlers of the customer and location sheets, and the helpers every handler shares.

Every row goes through the same service as the API (`customers.services`,
`fleet.services`), so every validation rule applies exactly once. A row whose natural key
already exists updates that row with the sheet's non-empty values (UPDATED, or UNCHANGED
when nothing differs); the same key twice in a run keeps the first row (DUPLICATE).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from unicon.customers import services as customer_services
from unicon.customers.models import Customer, CustomerStatus, Location, LocationKind
from unicon.dataio.engine import (
    CREATED,
    DUPLICATE,
    UNCHANGED,
    UPDATED,
    ImportContext,
    register,
)
from unicon.dataio.models import RecordKind
from unicon.dataio.sheets import specs
from unicon.dataio.values import (
    CellError,
    Message,
    fold,
    one_of,
    parse_payment_term,
    parse_phone,
    parse_statement_rule,
    parse_yes_no,
    text,
)
from unicon.dataio.workbook import Row


def _changes(obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The entries of `data` that differ from `obj` (relations compared by public id)."""
    changed = {}
    for name, value in data.items():
        if name.endswith("_id") and hasattr(obj, name[:-3]):
            current = getattr(getattr(obj, name[:-3]), "public_id", None)
        else:
            current = getattr(obj, name)
        if current != value:
            changed[name] = value
    return changed


def save(ctx: ImportContext, row: Row, handler, existing, data: dict, create, update, also=None):
    """Create, or update `existing` with what changed (plus `also`: changes found by the
    caller, for values kept elsewhere than on `existing`, e.g. a driver's name on its user);
    returns (object, outcome)."""
    if existing is None:
        return ctx.call(row, handler, create, ctx.user, data), CREATED
    changed = {**_changes(existing, data), **(also or {})}
    if not changed:
        return existing, UNCHANGED
    return ctx.call(row, handler, update, ctx.user, existing.public_id, changed), UPDATED


def non_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "")}


# --------------------------------------------------------------------------- customers

CUSTOMER_STATUS = {
    "dang hop tac": CustomerStatus.ACTIVE,
    "hop tac": CustomerStatus.ACTIVE,
    "hoat dong": CustomerStatus.ACTIVE,
    "active": CustomerStatus.ACTIVE,
    "ngung": CustomerStatus.INACTIVE,
    "ngung hop tac": CustomerStatus.INACTIVE,
    "tam ngung": CustomerStatus.INACTIVE,
    "inactive": CustomerStatus.INACTIVE,
}
LEGAL_WORDS = {
    "cong",
    "ty",
    "tnhh",
    "co",
    "phan",
    "cp",
    "mtv",
    "tm",
    "dv",
    "xnk",
    "va",
    "jsc",
    "ltd",
}


def customers_by_key(ctx: ImportContext) -> dict[str, Customer]:
    """Every customer under its code and under its folded name."""
    if "customers" not in ctx.cache:
        found: dict[str, Customer] = {}
        for customer in Customer.objects.all():
            found[customer.code] = customer
            found.setdefault(fold(customer.name), customer)
        ctx.cache["customers"] = found
    return ctx.cache["customers"]


def _new_code(name: str, taken: dict) -> str:
    """A free customer code from the name without its legal words: `Công ty TNHH An Phát
    Thịnh` → `ANPHATTH` (digits added when taken)."""
    words = [w for w in fold(name).split() if w not in LEGAL_WORDS] or fold(name).split()
    base = re.sub(r"[^A-Z0-9]", "", "".join(words).upper())[:8].ljust(3, "0")
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base[: 10 - len(str(n))]}{n}"
    return code


class CustomerHandler:
    spec = specs.CUSTOMERS
    api_fields = {
        "code": "code",
        "name": "name",
        "phone": "phone",
        "email": "email",
        "address": "address",
        "contactPerson": "contact",
        "taxCode": "tax_code",
        "paymentTerm": "term",
        "statementCycle": "statement",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "code": lambda x: text(x).upper().replace(" ", ""),
                "name": text,
                "lanes": text,
                "statement": parse_statement_rule,
                "term": parse_payment_term,
                "vat": parse_yes_no,
                "status": one_of(CUSTOMER_STATUS, _("status")),
                "phone": parse_phone,
                "email": text,
                "address": text,
                "contact": text,
                "tax_code": lambda x: re.sub(r"[\s.]", "", text(x)),
            },
        )
        known = customers_by_key(ctx)
        key = v["code"] or fold(v["name"])
        if not ctx.first_seen("customer", key, row, "code" if v["code"] else "name"):
            return DUPLICATE
        existing = known.get(v["code"]) if v["code"] else known.get(fold(v["name"]))
        data = non_empty(
            {
                "name": v["name"],
                "phone": v["phone"],
                "email": v["email"],
                "address": v["address"],
                "contact_person": v["contact"],
                "tax_code": v["tax_code"],
                "statement_cycle": v["statement"],
                "status": v["status"],
            }
        )
        if text(row.values.get("vat")):
            data["has_vat_invoice"] = v["vat"]
        if v["term"]:
            data["payment_term"], data["payment_term_unit"] = v["term"]
        if existing is None:
            data["code"] = v["code"] or _new_code(v["name"], known)
            if not v["code"]:
                ctx.warning(
                    row,
                    "code",
                    Message(_("No customer code; %(code)s given."), {"code": data["code"]}),
                )
        customer, outcome = save(
            ctx,
            row,
            self,
            existing,
            data,
            customer_services.create_customer,
            customer_services.update_customer,
        )
        notes = "\n".join(
            f"{ctx.sheet.headers.get(k, k)}: {text(row.values.get(k))}"
            for k in ("lanes", "statement", "term")
            if text(row.values.get(k))
        )
        known[customer.code] = known.setdefault(fold(customer.name), customer)
        if outcome == CREATED:
            ctx.remember(RecordKind.CUSTOMER, customer.code, customer, notes)
        return outcome


# --------------------------------------------------------------------------- locations

LOCATION_KINDS = {
    "cang": LocationKind.PORT,
    "port": LocationKind.PORT,
    "depot": LocationKind.DEPOT,
    "bai": LocationKind.DEPOT,
    "bai container": LocationKind.DEPOT,
    "icd": LocationKind.ICD,
    "kho": LocationKind.WAREHOUSE,
    "kho hang": LocationKind.WAREHOUSE,
    "nha may": LocationKind.WAREHOUSE,
    "kcn": LocationKind.WAREHOUSE,
    "warehouse": LocationKind.WAREHOUSE,
    "khac": LocationKind.OTHER,
    "other": LocationKind.OTHER,
}


def locations_by_name(ctx: ImportContext) -> dict[str, Location]:
    """Shared locations (no customer) under their folded names."""
    if "locations" not in ctx.cache:
        ctx.cache["locations"] = {
            fold(loc.name): loc for loc in Location.objects.filter(customer__isnull=True)
        }
    return ctx.cache["locations"]


#: the warning of a place name that matches several locations (the row is not imported)
AMBIGUOUS_PLACE = _("Not imported: %(place)s matches several locations; write its full name.")


def find_place(ctx: ImportContext, name: str) -> Location | list[Location] | None:
    """The shared location called `name` (accents and case ignored), else the only one whose
    name contains it as whole words (`Cát Lái` → `Cảng Cát Lái`); a list when several do,
    None when none."""
    known = locations_by_name(ctx)
    key = fold(name)
    if key in known:
        return known[key]
    padded = f" {key} "
    found = [loc for folded, loc in known.items() if padded in f" {folded} "]
    return found[0] if len(found) == 1 else (found or None)


def _coordinate(value: Any) -> Decimal | None:
    """Degrees with 6 decimals (as stored), `10,7626` or `10.7626`."""
    raw = text(value).replace(",", ".")
    if not raw:
        return None
    try:
        return Decimal(raw).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise CellError(_("Not a coordinate: %(value)s."), value=value) from None


class LocationHandler:
    spec = specs.LOCATIONS
    api_fields = {
        "name": "name",
        "kind": "kind",
        "address": "address",
        "province": "province",
        "latitude": "latitude",
        "longitude": "longitude",
    }

    def import_row(self, row: Row, ctx: ImportContext) -> str:
        v = ctx.parse(
            row,
            {
                "name": text,
                "kind": one_of(LOCATION_KINDS, _("kind")),
                "address": text,
                "province": text,
                "latitude": _coordinate,
                "longitude": _coordinate,
            },
        )
        if not ctx.first_seen("location", fold(v["name"]), row, "name"):
            return DUPLICATE
        known = locations_by_name(ctx)
        existing = known.get(fold(v["name"]))
        data = non_empty(
            {
                "name": v["name"],
                "kind": v["kind"] or (None if existing else LocationKind.OTHER),
                "address": v["address"],
                "province": v["province"],
                "latitude": v["latitude"],
                "longitude": v["longitude"],
            }
        )
        if existing is not None:
            data.pop("name")
        location, outcome = save(
            ctx,
            row,
            self,
            existing,
            data,
            customer_services.create_location,
            customer_services.update_location,
        )
        known[fold(location.name)] = location
        if outcome == CREATED:
            ctx.remember(RecordKind.LOCATION, fold(location.name), location)
        return outcome


def place(ctx: ImportContext, row: Row, handler, column_key: str, name: str) -> Location:
    """The shared location called `name`; an unknown place is created (kind OTHER) and
    flagged for review, with a warning."""
    known = locations_by_name(ctx)
    found = known.get(fold(name))
    if found is not None:
        return found
    location = ctx.call(
        row,
        handler,
        customer_services.create_location,
        ctx.user,
        {"name": name, "kind": LocationKind.OTHER},
    )
    known[fold(name)] = location
    ctx.remember(RecordKind.LOCATION, fold(name), location, needs_review=True)
    ctx.warning(
        row,
        column_key,
        Message(
            _("%(name)s is not in the locations sheet; created as a location to review."),
            {"name": name},
        ),
    )
    return location


register(CustomerHandler())
register(LocationHandler())

"""The shipment editor's forms (ops create/edit, the customer's request, quick dispatch).

`ShipmentForm` holds the shipment's fields, `StopForm` one stop (prefix `stop-<i>`), and
`ShipmentEditor` the whole editor: the rows' buttons "add", "remove-<i>", "up-<i>",
"down-<i>" and "template" re-render it without saving (it works without JavaScript);
`submit` hands the values to ONE service call (`create_shipment`, `update_shipment`,
`quick_dispatch`) and puts its refusal on the fields (`stops[2].locationName` → stop 3).
The forms only read and type-check the input: every rule (required values, limits,
templates, locations) is the service's, so the page and the API refuse alike.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.core import readable
from unicon.core.crud import snake
from unicon.core.dates import MomentField
from unicon.core.errors import ServiceError, ValidationFailed
from unicon.core.forms import ServiceFormMixin, model_text, put_on_form, ref_choices
from unicon.core.permissions import has_role
from unicon.core.roles import is_customer
from unicon.customers import services as customer_services
from unicon.customers.models import CustomerStatus
from unicon.customers.policies import CUSTOMER_READERS
from unicon.shipments import stop_templates
from unicon.shipments.containers import CONTAINER_CLASH
from unicon.shipments.labels import data_label, type_label
from unicon.shipments.models import (
    MAX_STOPS,
    ContainerType,
    Priority,
    Shipment,
    Stop,
    StopType,
)


def _optional(choices, empty="—") -> list[tuple[str, str]]:
    return [("", empty), *choices]


class ShipmentForm(ServiceFormMixin, forms.Form):
    customer_id = forms.ChoiceField(label=_("Customer"), required=False)
    shipment_type = forms.ChoiceField(label=_("Shipment type (stop template)"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, required=False)
    planned_start = MomentField(label=_("Planned start"), required=False)
    planned_end = MomentField(label=_("Planned end"), required=False)
    # typed with spaces or dashes (`MSKU 123456-5`): the API's bound, the service reads it
    container_number = forms.CharField(label=_("Container number"), required=False, max_length=20)
    container_type = forms.ChoiceField(
        label=_("Container type"), choices=_optional(ContainerType.choices), required=False
    )
    booking_number = model_text(Shipment, "booking_number", label=_("Booking number"))
    bill_of_lading = model_text(Shipment, "bill_of_lading", label=_("Bill of lading"))
    special_instructions = model_text(
        Shipment, "special_instructions", label=_("Special instructions")
    )
    # shown once the service refused the container as being on another shipment
    confirm_container = forms.BooleanField(
        label=_("Save anyway: this container really is on both shipments"), required=False
    )

    def __init__(self, *args, user, templates, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["shipment_type"].choices = _optional(
            [(t.code, type_label(t.code, t.name)) for t in templates], _("No template")
        )
        if is_customer(user) or not has_role(user, CUSTOMER_READERS):
            del self.fields["customer_id"]
        else:
            rows = customer_services.list_customers(user, limit=200, status=CustomerStatus.ACTIVE)
            self.fields["customer_id"].choices = ref_choices(
                rows.items, lambda c: f"{c.code} — {c.name}"
            )


class StopForm(forms.Form):
    location_id = forms.ChoiceField(required=False)
    location_name = model_text(Stop, "location_name", label=_("Location name"))
    stop_type = forms.ChoiceField(
        label=_("Stop type"), choices=_optional(StopType.choices), required=False
    )
    label = model_text(Stop, "label", label=_("Label"))
    planned_arrival = MomentField(label=_("Planned arrival"), required=False)
    planned_departure = MomentField(label=_("Planned departure"), required=False)
    category = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, locations, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["location_id"].choices = [
            ("", _("— type a name instead —")),
            *(
                (
                    str(loc.public_id),
                    f"{loc.name} ({loc.customer.code})" if loc.customer_id else loc.name,
                )
                for loc in locations
            ),
        ]


class ShipmentEditor:
    """The shipment form and its stop rows, read from a POST or built from a shipment or
    a template; `rows` are unbound forms after an edit button, bound ones on save."""

    def __init__(self, user, data=None, *, shipment=None, shipment_type: str = ""):
        self.user = user
        self.templates = stop_templates.list_stop_templates(user)
        self.locations = [
            loc for loc in customer_services.list_locations(user, limit=200).items if loc.is_active
        ]
        self.action = (data or {}).get("op", "save") if data is not None else None
        self.stops_errors: list[str] = []
        self.refused: ServiceError | None = None
        if data is not None:
            self.form = ShipmentForm(data, user=user, templates=self.templates)
            self.rows = [self._row(data=data, index=i) for i in range(self._count(data))]
        elif shipment is not None:
            self.form = ShipmentForm(
                initial=_shipment_values(shipment), user=user, templates=self.templates
            )
            self.rows = [
                self._row(initial=_stop_values(s), index=i)
                for i, s in enumerate(shipment.stops.all())
            ]
        else:
            self.form = ShipmentForm(
                initial={"shipment_type": shipment_type, "priority": Priority.NORMAL},
                user=user,
                templates=self.templates,
            )
            self.rows = self._template_rows(shipment_type) or [self._row(index=0)]
        self.version = (
            (data or {}).get("version", "")
            if data is not None
            else (shipment.version if shipment is not None else "")
        )

    @staticmethod
    def _count(data) -> int:
        try:  # one row more than allowed reaches the service, which refuses it with its message
            return max(0, min(int(data.get("stop_count", "0")), MAX_STOPS + 1))
        except ValueError:
            return 0

    def _row(self, *, index: int, data=None, initial=None) -> StopForm:
        return StopForm(data, initial=initial, prefix=f"stop-{index}", locations=self.locations)

    def _template_rows(self, code: str) -> list[StopForm]:
        for template in self.templates:
            if template.code == code:
                return [
                    self._row(
                        index=i,
                        initial={
                            "stop_type": s.stop_type,
                            "category": s.category,
                            "label": data_label(s.label),
                        },
                    )
                    for i, s in enumerate(template.stops.all())
                ]
        return []

    def _values(self) -> list[dict]:
        """The rows as typed (for the edit buttons): raw values, re-shown unsaved."""
        return [{name: row[name].value() or "" for name in row.fields} for row in self.rows]

    def apply_edit_action(self) -> None:
        """Add/remove/move a stop row or load the chosen template's stops (nothing saved)."""
        values, action = self._values(), self.action or ""
        if action == "template":
            code = (self.form["shipment_type"].value() or "").strip()
            self.rows = self._template_rows(code) or self.rows
            return
        if action == "add" and len(values) < MAX_STOPS:
            values.append({})
        name, _sep, index = action.partition("-")
        if index.isdigit() and int(index) < len(values):
            i = int(index)
            if name == "remove":
                values.pop(i)
            elif name == "up" and i > 0:
                values[i - 1], values[i] = values[i], values[i - 1]
            elif name == "down" and i < len(values) - 1:
                values[i + 1], values[i] = values[i], values[i + 1]
        self.rows = [self._row(index=i, initial=v) for i, v in enumerate(values)]

    def submit(self, action: Callable[[dict, Any], Any]) -> Any | None:
        """`action(service data, version)`'s result, or None with the errors on the fields."""
        valid = self.form.is_valid()
        valid = all([row.is_valid() for row in self.rows]) and valid
        if not valid:  # said as the service says it (the same words on the page and the API)
            self.refused = ValidationFailed(_("Please correct the highlighted fields."))
            return None
        data = {k: v for k, v in self.form.cleaned_data.items() if v is not None}
        data["customer_id"] = data.get("customer_id") or None
        data["stops"] = [
            {
                "sequence": i + 1,
                **{k: v for k, v in row.cleaned_data.items() if v not in ("", None)},
            }
            for i, row in enumerate(self.rows)
        ]
        try:
            return action(data, self.version)
        except ServiceError as exc:
            self.refused = exc
            self._place(exc)
            return None

    @property
    def container_clash(self) -> bool:
        """The service refused the container as on another shipment (or it was confirmed):
        the page offers the "save anyway" box."""
        details = self.refused.details if self.refused is not None else None
        refused = isinstance(details, dict) and details.get("reason") == CONTAINER_CLASH
        return refused or bool(self.form["confirm_container"].value())

    def _place(self, exc: ServiceError) -> None:
        """Each field error of the refusal on its stop row or the shipment form (`stops` above
        the rows), readable (`core.readable`); the rest through the form's
        `add_service_error`."""
        rest, placed = {}, False
        for key, reasons in readable.field_reasons(exc).items():
            index, _sep, field = key.removeprefix("stops[").partition("].")
            if key == "stops":
                self.stops_errors += reasons
                placed = True
            elif key.startswith("stops[") and index.isdigit() and int(index) < len(self.rows):
                row = self.rows[int(index)]
                if snake(field) in row.fields:
                    row.add_error(snake(field), reasons)
                    placed = True
                else:
                    rest[key] = reasons
            else:
                rest[key] = reasons
        if rest or not placed:
            put_on_form(self.form, exc, rest)


def _location_label(location) -> str:
    return f"{location.name} ({location.customer.code})" if location.customer_id else location.name


def _shipment_values(shipment) -> dict:
    return {
        "customer_id": str(shipment.customer.public_id),
        "shipment_type": shipment.shipment_type,
        "priority": shipment.priority,
        "planned_start": shipment.planned_start,
        "planned_end": shipment.planned_end,
        "container_number": shipment.container_number,
        "container_type": shipment.container_type,
        "booking_number": shipment.booking_number,
        "bill_of_lading": shipment.bill_of_lading,
        "special_instructions": shipment.special_instructions,
    }


def _stop_values(stop) -> dict:
    return {
        "location_id": str(stop.location.public_id) if stop.location_id else "",
        "location_name": stop.location_name,
        "stop_type": stop.stop_type,
        "category": stop.category,
        "label": data_label(stop.label),
        "planned_arrival": stop.planned_arrival,
        "planned_departure": stop.planned_departure,
    }

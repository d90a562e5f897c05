"""Page forms of the costs app; each turns its cleaned data into a service call's input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unicon.core import numbers
from unicon.core.dates import DayField, MomentField, bound_fields
from unicon.core.forms import EMPTY_CHOICE, model_text
from unicon.core.numbers import DecimalInput, IntegerInput
from unicon.costs import files, policies, services
from unicon.costs.invoices import EDITABLE, MONEY
from unicon.costs.models import (
    FileKind,
    FuelLog,
    LineKind,
    PurchaseInvoice,
    RepairLine,
    RepairLog,
    ReviewStatus,
)
from unicon.fleet.models import Vehicle
from unicon.shipments.models import Shipment

PHOTO = forms.ClearableFileInput(
    attrs={"accept": "image/*,application/pdf", "capture": "environment"}
)


class VehicleChoice(forms.ModelChoiceField):
    """A vehicle chosen by its public id; the label is the written plate."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(
            queryset=queryset if queryset is not None else Vehicle.objects.order_by("plate"),
            to_field_name="public_id",
            **{"empty_label": EMPTY_CHOICE, **kwargs},
        )


class FuelLogForm(forms.Form):
    vehicle = VehicleChoice(policies.fuel_vehicles(), label=_("Tractor"))
    filled_at = MomentField(label=_("Filled at"))
    litres = DecimalInput(numbers.LITRES, label=_("Litres"))
    unit_price = IntegerInput(numbers.FUEL_PRICE, label=_("Price per litre (đ)"))
    amount = IntegerInput(
        numbers.MONEY,
        label=_("Amount on the receipt (đ)"),
        required=False,
        help_text=_("Leave empty to compute litres × price."),
    )
    odometer_km = IntegerInput(numbers.ODOMETER_KM, label=_("Odometer (km)"), required=False)
    station = model_text(FuelLog, "station", label=_("Station"))
    receipt = forms.FileField(label=_("Receipt photo"), required=False, widget=PHOTO)
    pump = forms.FileField(label=_("Pump display photo"), required=False, widget=PHOTO)
    odometer = forms.FileField(label=_("Odometer photo"), required=False, widget=PHOTO)

    PHOTOS = {"receipt": FileKind.RECEIPT, "pump": FileKind.PUMP, "odometer": FileKind.ODOMETER}

    def __init__(self, *args, driver=None, photos: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not photos:  # correcting a fill: its photos stay, more can be added by the API
            for name in self.PHOTOS:
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("filled_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            if driver is not None and driver.default_tractor_id:
                self.initial.setdefault("vehicle", driver.default_tractor.public_id)

    def to_input(self) -> tuple[services.FuelInput, list[files.Upload]]:
        data = self.cleaned_data
        uploads = [
            files.Upload(kind, data[name]) for name, kind in self.PHOTOS.items() if data.get(name)
        ]
        fill = services.FuelInput(
            vehicle=data["vehicle"].public_id,
            filled_at=data["filled_at"],
            litres=data["litres"],
            unit_price=data["unit_price"],
            amount=data["amount"],
            odometer_km=data["odometer_km"],
            station=data["station"],
        )
        return fill, uploads


class RepairLogForm(forms.Form):
    vehicle = VehicleChoice(label=_("Vehicle"))
    repaired_on = DayField(label=_("Date"))
    garage = model_text(RepairLog, "garage", label=_("Garage"))
    odometer_km = IntegerInput(numbers.ODOMETER_KM, label=_("Odometer (km)"), required=False)
    next_service_on = DayField(label=_("Next service due on"), required=False)
    next_service_km = IntegerInput(
        numbers.ODOMETER_KM, label=_("Next service due at (km)"), required=False
    )
    invoice = forms.FileField(label=_("Invoice or receipt"), required=False, widget=PHOTO)


class RepairLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices)
    description = model_text(RepairLine, "description", label=_("Description"), required=True)
    quantity = DecimalInput(numbers.DECIMAL_QUANTITY, label=_("Quantity"))
    unit_price = IntegerInput(numbers.MONEY, label=_("Unit price (đ)"))


RepairLineFormSet = forms.formset_factory(RepairLineForm, extra=3, min_num=1, validate_min=True)


def repair_input(form: RepairLogForm, lines) -> tuple[services.RepairInput, list[files.Upload]]:
    data = form.cleaned_data
    rows = [
        services.LineInput(**row) for row in lines.cleaned_data if row and not row.get("DELETE")
    ]
    repair = services.RepairInput(
        vehicle=data["vehicle"].public_id,
        repaired_on=data["repaired_on"],
        lines=rows,
        garage=data["garage"],
        odometer_km=data["odometer_km"],
        next_service_on=data["next_service_on"],
        next_service_km=data["next_service_km"],
    )
    uploads = [files.Upload(FileKind.INVOICE, data["invoice"])] if data["invoice"] else []
    return repair, uploads


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(ReviewStatus.CONFIRMED, _("Confirm")), (ReviewStatus.REJECTED, _("Reject"))]
    )
    # the rejection reason of a fill, a repair or an invoice (the same bound on each)
    reason = model_text(FuelLog, "rejection_reason", label=_("Reason"), widget=forms.TextInput)


class EInvoiceForm(forms.Form):
    xml = forms.FileField(
        label=_("E-invoice XML"), widget=forms.FileInput(attrs={"accept": ".xml"})
    )
    pdf = forms.FileField(
        label=_("Its PDF (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )
    vehicle = VehicleChoice(label=_("Cost of vehicle"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list of uploads."""

    def clean(self, data, initial=None):
        values = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(value, initial) for value in values]


class ScanForm(forms.Form):
    scans = MultipleFileField(
        label=_("Photos or PDF of the invoice"),
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    vehicle = VehicleChoice(label=_("Cost of vehicle"), required=False)


class InvoiceEditForm(forms.ModelForm):
    """The fields a person may type on a scanned invoice (they then win over OCR)."""

    vehicle = VehicleChoice(label=_("Cost of vehicle"), required=False)
    shipment = forms.CharField(
        label=_("Cost of shipment (number)"),
        required=False,
        help_text=_("Leave vehicle and shipment empty for overhead."),
    )

    class Meta:
        model = PurchaseInvoice
        fields = [*EDITABLE, "vehicle"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)  # the invoice date: a DayField
        for name in MONEY:  # the model's label, the money bound of the service
            label = self.fields[name].label
            self.fields[name] = IntegerInput(numbers.MONEY, label=label, required=False)
        if self.instance.shipment_id:
            self.initial["shipment"] = self.instance.shipment.number

    def clean_shipment(self):
        number = self.cleaned_data["shipment"].strip()
        if not number:
            return None
        found = Shipment.objects.filter(number=number).first()
        if found is None:
            raise forms.ValidationError(_("No shipment with this number."))
        return found

    def assignment(self) -> dict:
        """Where the cost goes: {"vehicle": public id | None, "shipment": public id | None}."""
        return {
            name: self.cleaned_data[name].public_id if self.cleaned_data[name] else None
            for name in ("vehicle", "shipment")
        }

    def typed(self) -> dict:
        """Only the fields the person changed (so OCR may still fill the others)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in EDITABLE}

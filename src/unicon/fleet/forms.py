"""The vehicle and driver forms of the pages (fields from the models, one service call)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.accounts.models import User
from unicon.core.forms import ServiceModelForm, model_text, ref_choices, told_apart
from unicon.fleet import services
from unicon.fleet.models import Driver, Vehicle, VehicleType


def _entity_detail(entity) -> str:
    """What tells two legal entities of the same name apart: the tax code, else the code."""
    if entity.tax_code:
        return _("tax code %(code)s") % {"code": entity.tax_code}
    return entity.code


def _entities(user):
    rows = services.list_legal_entities(user, limit=200).items
    return ref_choices(rows, told_apart(rows, lambda e: e.name, _entity_detail))


def _vehicles(user, vehicle_type: str):
    return ref_choices(services.list_vehicles(user, type=vehicle_type, limit=200).items)


class VehicleForm(ServiceModelForm):
    """`fleet.services.create_vehicle` / `update_vehicle`."""

    owner_id = forms.ChoiceField(label=_("Owner (legal entity)"), required=False)
    ref_fields = ("owner_id",)

    class Meta:
        model = Vehicle
        fields = [
            "plate",
            "vehicle_type",
            "ownership",
            "rental_company",
            "status",
            "brand",
            "manufacturing_year",
            "inspection_expiry",
            "insurance_expiry",
            "operation_permit_expiry",
            "notes",
        ]
        labels = {
            "plate": _("Plate"),
            "vehicle_type": _("Type"),
            "ownership": _("Ownership"),
            "rental_company": _("Rented from"),
            "status": _("Status"),
            "brand": _("Brand"),
            "manufacturing_year": _("Manufacturing year"),
            "inspection_expiry": _("Inspection valid until"),
            "insurance_expiry": _("Insurance valid until"),
            "operation_permit_expiry": _("Operation permit valid until"),
            "notes": _("Notes"),
        }

    field_order = ["plate", "vehicle_type", "ownership", "owner_id"]

    def ref_choices_for(self, user):
        return {"owner_id": _entities(user)}


class DriverForm(ServiceModelForm):
    """`fleet.services.update_driver` (the driver's name lives on their user)."""

    full_name = model_text(User, "full_name", label=_("Full name"), required=True)
    employer_id = forms.ChoiceField(label=_("Employer (legal entity)"), required=False)
    default_tractor_id = forms.ChoiceField(label=_("Default tractor"), required=False)
    default_trailer_id = forms.ChoiceField(label=_("Default trailer"), required=False)
    ref_fields = ("employer_id", "default_tractor_id", "default_trailer_id")

    class Meta:
        model = Driver
        fields = [
            "phone",
            "licence_number",
            "licence_class",
            "licence_expiry",
            "citizen_id",
            "birth_year",
            "hometown",
            "status",
        ]
        labels = {
            "phone": _("Phone"),
            "licence_number": _("Licence number"),
            "licence_class": _("Licence class"),
            "licence_expiry": _("Licence valid until"),
            "citizen_id": _("Citizen ID"),
            "birth_year": _("Birth year"),
            "hometown": _("Hometown"),
            "status": _("Status"),
        }

    field_order = ["email", "full_name", *Meta.fields[:-1], "employer_id", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("full_name", self.instance.user.full_name)

    def ref_choices_for(self, user):
        return {
            "employer_id": _entities(user),
            "default_tractor_id": _vehicles(user, VehicleType.TRACTOR),
            "default_trailer_id": _vehicles(user, VehicleType.TRAILER),
        }


class NewDriverForm(DriverForm):
    """`fleet.services.create_driver`: a new DRIVER login made from the e-mail and name."""

    email = forms.EmailField(label=_("E-mail of the new driver login"))

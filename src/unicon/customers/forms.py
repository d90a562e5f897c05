"""The customer and location forms of the pages (fields from the models, one service call)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.core.forms import DecimalCommaField, ServiceModelForm, ref_choices
from unicon.customers import services
from unicon.customers.models import Customer, Location, RouteDistance


class CustomerForm(ServiceModelForm):
    """`customers.services.create_customer` / `update_customer`."""

    class Meta:
        model = Customer
        fields = [
            "code",
            "name",
            "email",
            "phone",
            "address",
            "contact_person",
            "tax_code",
            "payment_term",
            "payment_term_unit",
            "statement_cycle",
            "has_vat_invoice",
            "invoice_name",
            "invoice_address",
            "status",
        ]
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "address": _("Address"),
            "contact_person": _("Contact person"),
            "tax_code": _("Tax code"),
            "payment_term": _("Payment term"),
            "payment_term_unit": _("Payment term unit"),
            "statement_cycle": _("Statement cycle"),
            "has_vat_invoice": _("Issues VAT invoices"),
            "invoice_name": _("Name on invoice"),
            "invoice_address": _("Address on invoice"),
            "status": _("Status"),
        }


class LocationForm(ServiceModelForm):
    """`customers.services.create_location` / `update_location`; customer users' locations
    are always their own company's, so they get no customer choice."""

    customer_id = forms.ChoiceField(label=_("Customer (empty: shared location)"), required=False)
    ref_fields = ("customer_id",)

    class Meta:
        model = Location
        fields = [
            "name",
            "kind",
            "address",
            "province",
            "latitude",
            "longitude",
            "contact_person",
            "contact_phone",
            "is_active",
        ]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "address": _("Address"),
            "province": _("Province / city"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
            "contact_person": _("Contact person"),
            "contact_phone": _("Contact phone"),
            "is_active": _("Active"),
        }
        field_classes = {"latitude": DecimalCommaField, "longitude": DecimalCommaField}

    field_order = [*Meta.fields[:6], "customer_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user.is_customer:
            del self.fields["customer_id"]

    def ref_choices_for(self, user):
        if user.is_customer:
            return {}
        rows = services.list_customers(user, limit=200).items
        return {"customer_id": ref_choices(rows, lambda c: f"{c.code} — {c.name}")}


class DistanceForm(ServiceModelForm):
    """`customers.services.create_distance` / `update_distance`: two locations and the km."""

    origin_id = forms.ChoiceField(label=_("Origin"))
    destination_id = forms.ChoiceField(label=_("Destination"))
    ref_fields = ("origin_id", "destination_id")

    class Meta:
        model = RouteDistance
        fields = ["km", "note"]
        labels = {"km": _("Distance (km)"), "note": _("Note")}
        field_classes = {"km": DecimalCommaField}

    field_order = ["origin_id", "destination_id", "km", "note"]

    def ref_choices_for(self, user):
        places = ref_choices(services.list_locations(user, limit=200).items)
        return {"origin_id": places, "destination_id": places}

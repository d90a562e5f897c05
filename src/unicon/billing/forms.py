"""Forms of the billing pages; each `cleaned_data` is what the matching service takes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.billing.models import (
    Charge,
    ChargeKind,
    Payment,
    PaymentMethod,
    Receivable,
    Tariff,
    VatRate,
)
from unicon.billing.reminders import DAYS_BEFORE
from unicon.core.dates import DayField, end_before_start
from unicon.core.forms import EMPTY_CHOICE, ServiceFormMixin, model_text
from unicon.core.numbers import MONEY, POSITIVE_MONEY, QUANTITY, IntegerInput
from unicon.customers.models import Customer
from unicon.fleet.models import LegalEntity
from unicon.shipments.labels import type_choices
from unicon.shipments.models import ContainerType


class TariffForm(forms.Form):
    customer_id = forms.ModelChoiceField(
        Customer.objects.all(),
        to_field_name="public_id",
        required=False,
        label=_("Customer"),
        empty_label=_("Company default"),
    )
    shipment_type = forms.ChoiceField(
        label=_("Shipment type"), required=False, choices=lambda: [("", _("Any")), *type_choices()]
    )
    from_area = model_text(Tariff, "from_area", label=_("From area (province)"))
    to_area = model_text(Tariff, "to_area", label=_("To area (province)"))
    container_type = forms.ChoiceField(
        label=_("Container type"),
        required=False,
        choices=[("", _("Any")), *ContainerType.choices],
    )
    price = IntegerInput(MONEY, label=_("Price (VND)"))
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VatRate.choices, initial="8")
    valid_from = DayField(label=_("Valid from"))
    valid_to = DayField(label=_("Valid to"), required=False)
    note = model_text(Tariff, "note", label=_("Note"))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        customer = data.pop("customer_id")
        return {**data, "customer_id": customer.public_id if customer else None}

    @classmethod
    def initial_of(cls, tariff) -> dict:
        """The form's values for editing `tariff` (None: a new line)."""
        if tariff is None:
            return {}
        names = [n for n in cls.base_fields if n != "customer_id"]
        initial = {name: getattr(tariff, name) for name in names}
        return {**initial, "customer_id": tariff.customer.public_id if tariff.customer else None}


class ChargeForm(ServiceFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChargeKind.choices, initial="EXTRA")
    description = model_text(Charge, "description", label=_("Description"), required=True)
    quantity = IntegerInput(QUANTITY, label=_("Quantity"), initial=1)
    unit_price = IntegerInput(MONEY, label=_("Unit price (VND)"))
    vat_rate = forms.ChoiceField(label=_("VAT rate"), choices=VatRate.choices, initial="8")
    receipt = forms.FileField(label=_("Receipt (image or PDF)"), required=False)


class ChargeEditForm(forms.Form):
    description = model_text(Charge, "description", label=_("Description"), required=True)
    quantity = IntegerInput(QUANTITY, label=_("Quantity"))
    unit_price = IntegerInput(MONEY, label=_("Unit price (VND)"))


class StatementForm(forms.Form):
    customer_id = forms.ModelChoiceField(
        Customer.objects.all(),
        to_field_name="public_id",
        label=_("Customer"),
        empty_label=EMPTY_CHOICE,
    )
    period_start = DayField(label=_("From"), required=False)
    period_end = DayField(label=_("To"), required=False)


class InvoiceFromStatementForm(forms.Form):
    legal_entity_id = forms.ModelChoiceField(
        LegalEntity.objects.filter(is_active=True),
        to_field_name="public_id",
        label=_("Seller"),
        empty_label=EMPTY_CHOICE,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        first = self.fields["legal_entity_id"].queryset.order_by("pk").first()
        if first is not None:  # the same default seller as the API (`invoices._seller`)
            self.fields["legal_entity_id"].initial = first.public_id


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DisputeForm(forms.Form):
    charge_id = forms.UUIDField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("What is wrong?"), max_length=1000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class PaymentForm(forms.Form):
    customer_id = forms.ModelChoiceField(
        Customer.objects.all(),
        to_field_name="public_id",
        label=_("Customer"),
        empty_label=EMPTY_CHOICE,
    )
    paid_on = DayField(label=_("Payment date"))
    amount = IntegerInput(POSITIVE_MONEY, label=_("Amount (VND)"))
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    bank_reference = model_text(Payment, "bank_reference", label=_("Bank reference (UNC)"))
    note = model_text(Payment, "note", label=_("Note"))
    proofs = MultipleFileField(label=_("Proof files (image or PDF)"), required=False)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("proofs", None)
        return {**data, "customer_id": data["customer_id"].public_id, "allocations": None}


class AsOfForm(forms.Form):
    as_of = DayField(label=_("As of"), required=False)


class PeriodForm(forms.Form):
    start = DayField(label=_("From"), required=False)
    end = DayField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", end_before_start())
        return data


class OpeningBalanceForm(forms.Form):
    customer_id = forms.ModelChoiceField(
        Customer.objects.all(),
        to_field_name="public_id",
        label=_("Customer"),
        empty_label=EMPTY_CHOICE,
    )
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", label=_("Month (YYYY-MM)"), max_length=7)
    amount = IntegerInput(POSITIVE_MONEY, label=_("Amount (VND)"))
    reference = model_text(Receivable, "reference", label=_("Reference document"), required=True)
    due_date = DayField(label=_("Due date"), required=False)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        return {**data, "customer_id": data["customer_id"].public_id}


class ReminderSettingsForm(forms.Form):
    enabled = forms.BooleanField(label=_("Send payment reminders"), required=False)
    days_before = IntegerInput(DAYS_BEFORE, label=_("Days before the due date"), initial=3)
    emails = forms.CharField(
        label=_("Billing contacts' e-mails (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

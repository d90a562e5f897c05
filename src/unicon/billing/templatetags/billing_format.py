"""Money and VAT labels for billing pages and PDFs."""

from django import template

from unicon.billing.models import VatRate
from unicon.core.display import grouped

register = template.Library()


@register.filter
def vnd_amount(value) -> str:
    """1234567 → "1.234.567" (Vietnamese grouping, whole đồng)."""
    if value is None or value == "":
        return "—"
    return grouped(value)


@register.filter
def vat_label(code) -> str:
    """A VAT rate code as its label ("10 %", "Not subject to VAT")."""
    return str(VatRate(code).label) if code in VatRate.values else str(code)

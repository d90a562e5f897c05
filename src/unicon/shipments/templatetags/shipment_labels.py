"""Template filters for data labels in the reader's language (see `shipments.labels`)."""

from django import template

from unicon.shipments import labels

register = template.Library()


@register.filter
def data_label(value) -> str:
    """`{{ stop.label|data_label }}`: a built-in stop purpose translated, else as typed."""
    return labels.data_label(str(value or ""))


@register.filter
def type_label(code) -> str:
    """`{{ shipment.shipment_type|type_label }}`: "Xuất khẩu" for EXPORT, never the code of a
    built-in type."""
    return labels.type_label(str(code or ""))

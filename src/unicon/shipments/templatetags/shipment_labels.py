"""Template filters for data labels in the reader's language (see `shipments.labels`)."""

from django import template

from unicon.shipments import labels, notes

register = template.Library()


@register.filter
def event_note(event) -> str:
    """`{{ e|event_note }}`: a history line's note in the reader's language (`shipments.notes`)."""
    return notes.note_text(event.note, event.data)


@register.filter
def data_label(value) -> str:
    """`{{ stop.label|data_label }}`: a built-in stop purpose translated, else as typed."""
    return labels.data_label(str(value or ""))


@register.filter
def type_label(code) -> str:
    """`{{ shipment.shipment_type|type_label }}`: "Xuất khẩu" for EXPORT, never the code of a
    type (an ADMIN-made type reads as its template's name)."""
    return labels.type_name(str(code or ""))


@register.filter
def photo_labels(codes) -> str:
    """`{{ stop.required_photos|photo_labels }}`: the photo types' labels, comma-separated."""
    from unicon.shipments.models import PhotoType

    return ", ".join(
        str(PhotoType(code).label) if code in PhotoType.values else str(code)
        for code in codes or []
    )

"""A shipment's history names every status by its label, whatever kind of status the line
moves (operation, document, financial): "Trạng thái tài chính → Đã xuất hóa đơn", never
"→ INVOICED" or "→ PARTIAL_PAID"."""

from unicon.core.roles import Role
from unicon.shipments.labels import status_label
from unicon.shipments.models import (
    DocumentStatus,
    EventKind,
    FinancialStatus,
    OperationStatus,
    ShipmentEvent,
)

from .test_vietnamese_pages import visible_text

KINDS = {
    EventKind.OPERATION_STATUS: OperationStatus,
    EventKind.DOCUMENT_STATUS: DocumentStatus,
    EventKind.FINANCIAL_STATUS: FinancialStatus,
}


def test_every_status_kind_has_labels():
    status_kinds = {k for k in EventKind.values if k.endswith("_STATUS")}
    assert status_kinds == set(KINDS)
    for kind, choices in KINDS.items():
        for code in choices.values:
            assert status_label(code, kind) == str(choices(code).label) != code


def test_history_lines_show_status_labels(settings, make_user, make_shipment, web):
    settings.LANGUAGE_CODE = "vi"
    shipment = make_shipment(status=OperationStatus.DELIVERED)
    for kind, choices in KINDS.items():
        for code in choices.values:
            ShipmentEvent.objects.create(shipment=shipment, kind=kind, to_status=code, note="")
    ShipmentEvent.objects.create(
        shipment=shipment,
        kind=EventKind.FINANCIAL_STATUS,
        from_status=FinancialStatus.NOT_BILLED,
        to_status=FinancialStatus.INVOICED,
        note="INV-2026-0002",
    )
    page = web(make_user(Role.OPS)).get(f"/ops/shipments/{shipment.public_id}/")
    text = visible_text(page.content.decode())
    for choices in KINDS.values():
        for code in choices.values:
            assert f"→ {code}" not in text
    assert "Trạng thái tài chính → Đã xuất hóa đơn — INV-2026-0002" in " ".join(text.split())
    assert "→ Đã thanh toán một phần" in text

"""XLSX export of invoices, one row per invoice line, for bulk import into an e-invoice provider.

Columns (header row in Vietnamese, then one row per line; the invoice totals repeat on every
line of the invoice so each row stands alone):

| col | header | value |
|---|---|---|
| A | Số nội bộ | internal number `INV-YYYY-NNNN` (the import key) |
| B | Ký hiệu | template number + series, e.g. `1C26TUA` (Circular 78/2021 art. 4) |
| C | Ngày hóa đơn | dd/mm/yyyy |
| D | Tên người mua | buyer name |
| E | MST người mua | buyer tax code |
| F | Địa chỉ người mua | buyer address |
| G | Hình thức thanh toán | `TM/CK` (cash or transfer) |
| H | Đồng tiền | `VND` |
| I | STT | line number within the invoice, from 1 |
| J | Tên hàng hóa, dịch vụ | line description |
| K | Số lượng | integer |
| L | Đơn giá | integer VND |
| M | Thành tiền | integer VND |
| N | Thuế suất | `0%`, `5%`, `8%`, `10%` or `KCT` (không chịu thuế) |
| O | Cộng tiền hàng | invoice subtotal |
| P | Tiền thuế GTGT | invoice VAT |
| Q | Tổng thanh toán | invoice total |
| R | Số hóa đơn điện tử | provider's number when known |
"""

import io

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from openpyxl import Workbook

from unicon.billing.models import InvoiceLine

HEADERS = [
    "Số nội bộ",
    "Ký hiệu",
    "Ngày hóa đơn",
    "Tên người mua",
    "MST người mua",
    "Địa chỉ người mua",
    "Hình thức thanh toán",
    "Đồng tiền",
    "STT",
    "Tên hàng hóa, dịch vụ",
    "Số lượng",
    "Đơn giá",
    "Thành tiền",
    "Thuế suất",
    "Cộng tiền hàng",
    "Tiền thuế GTGT",
    "Tổng thanh toán",
    "Số hóa đơn điện tử",
]
RATE_TEXT = {"0": "0%", "5": "5%", "8": "8%", "10": "10%", "NS": "KCT"}
#: Rows fetched per database round trip (the query count grows with the export, not per row).
CHUNK = 500


def invoices_xlsx(invoices: QuerySet) -> bytes:
    """The workbook of `invoices` (already filtered and ordered) in the layout above."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hoa don")
    sheet.append(HEADERS)
    lines = Prefetch("lines", queryset=InvoiceLine.objects.order_by("id"))
    for invoice in invoices.prefetch_related(lines).iterator(chunk_size=CHUNK):
        head = [
            invoice.number,
            invoice.invoice_series,
            invoice.issue_date.strftime("%d/%m/%Y") if invoice.issue_date else "",
            invoice.buyer_name,
            invoice.buyer_tax_code,
            invoice.buyer_address,
            "TM/CK",
            "VND",
        ]
        tail = [invoice.subtotal, invoice.vat_total, invoice.total, invoice.provider_number]
        for n, line in enumerate(invoice.lines.all(), start=1):
            body = [n, line.description, line.quantity, line.unit_price, line.amount]
            sheet.append([*head, *body, RATE_TEXT[line.vat_rate], *tail])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def account_xlsx(customer, account) -> bytes:
    """A statement of account (`reports.StatementOfAccount`) as one sheet: title rows, then
    date, kind, reference, debit, credit, running balance."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Doi chieu cong no")
    sheet.append([f"Đối chiếu công nợ — {customer.name}"])
    sheet.append([f"{account.start:%d/%m/%Y} – {account.end:%d/%m/%Y}"])
    sheet.append(["Ngày", "Loại", "Chứng từ", "Phát sinh nợ", "Phát sinh có", "Số dư"])
    balance = account.opening
    sheet.append(["", "Số dư đầu kỳ", "", "", "", balance])
    for line in account.lines:
        balance += line.debit - line.credit
        day = line.day.strftime("%d/%m/%Y")
        sheet.append(
            [day, ACCOUNT_KINDS[line.kind], line.reference, line.debit, line.credit, balance]
        )
    sheet.append(["", "Số dư cuối kỳ", "", "", "", account.closing])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ACCOUNT_KINDS = {
    "RECEIVABLE": "Hóa đơn / công nợ",
    "PAYMENT": "Thanh toán",
    "REVERSAL": "Hủy thanh toán",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, name: str = "hoa-don.xlsx") -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

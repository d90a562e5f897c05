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


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


#: Columns of the other billing lists: (header, value of a row). Same filters as the lists.
LISTS = {
    "statements": [
        ("Số bảng kê", lambda r: r.number),
        ("Khách hàng", lambda r: r.customer.name),
        ("Từ ngày", lambda r: _date(r.period_start)),
        ("Đến ngày", lambda r: _date(r.period_end)),
        ("Trạng thái", lambda r: str(r.get_status_display())),
        ("Cộng tiền hàng", lambda r: r.total),
    ],
    "charges": [
        ("Lô hàng", lambda r: r.shipment.number),
        ("Khách hàng", lambda r: r.shipment.customer.name),
        ("Loại", lambda r: str(r.get_kind_display())),
        ("Diễn giải", lambda r: r.description),
        ("Số lượng", lambda r: r.quantity),
        ("Đơn giá", lambda r: r.unit_price),
        ("Thành tiền", lambda r: r.amount),
        ("Thuế suất", lambda r: RATE_TEXT[r.vat_rate]),
    ],
    "receivables": [
        ("Chứng từ", lambda r: r.reference),
        ("Khách hàng", lambda r: r.customer.name),
        ("Tháng", lambda r: r.month),
        ("Ngày ghi nhận", lambda r: _date(r.issued_on)),
        ("Hạn thanh toán", lambda r: _date(r.due_date)),
        ("Số tiền", lambda r: r.amount),
        ("Đã trả", lambda r: r.paid_amount),
        ("Còn lại", lambda r: r.outstanding),
        ("Trạng thái", lambda r: str(r.get_status_display())),
    ],
    "payments": [
        ("Ngày", lambda r: _date(r.paid_on)),
        ("Khách hàng", lambda r: r.customer.name),
        ("Hình thức", lambda r: str(r.get_method_display())),
        ("Số UNC", lambda r: r.bank_reference),
        ("Số tiền", lambda r: r.amount),
        ("Đã phân bổ", lambda r: r.allocated),
        ("Còn chưa phân bổ", lambda r: r.credit),
        ("Lý do hủy", lambda r: r.reversal_reason),
    ],
}


def list_xlsx(name: str, rows: QuerySet) -> bytes:
    """One of `LISTS` as a sheet: a header row, then a row per object (read in chunks)."""
    columns = LISTS[name]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name)
    sheet.append([header for header, _value in columns])
    for row in rows.iterator(chunk_size=CHUNK):
        sheet.append([value(row) for _header, value in columns])
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

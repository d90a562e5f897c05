"""Read a Vietnamese e-invoice XML exactly (no OCR) and check its arithmetic.

Structure: Decree 123/2020/NĐ-CP and Circular 78/2021/TT-BTC, data format of the General
Department of Taxation (Decision 1450/QĐ-TCT, "định dạng dữ liệu hóa đơn điện tử"):

    HDon / DLHDon / TTChung   KHMSHDon (form number), KHHDon (symbol), SHDon (number),
                              NLap (date, YYYY-MM-DD), DVTTe (currency), TGia (rate)
    HDon / DLHDon / NDHDon / NBan   Ten, MST, DChi (seller)
    HDon / DLHDon / NDHDon / NMua   Ten, MST, DChi (buyer)
    HDon / DLHDon / NDHDon / DSHHDVu / HHDVu   TChat (1 goods, 2 promotion, 3 trade
                              discount, 4 note), STT, THHDVu, DVTinh, SLuong, DGia, ThTien,
                              TSuat ("10%", "8%", "5%", "0%", "KCT", "KKKNT")
    HDon / DLHDon / NDHDon / TToan   TgTCThue (total before VAT), TgTThue (VAT),
                              TTCKTMai (trade discount), TgTTTBSo (total), TgTTTBChu (in words)

The document may be wrapped (e.g. in TDiep/DLieu) and may carry a namespace; the first HDon
is read. Parsing uses defusedxml (no entities, no external references).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from unicon.core import numbers
from unicon.core.errors import ValidationFailed

MAX_XML_BYTES = 2 * 1024 * 1024
# TChat: 1 goods/services, 2 promotion (no amount), 3 trade discount (subtracted), 4 note
DISCOUNT_LINE = "3"
NO_AMOUNT_LINES = {"2", "4"}
ONE_DONG = Decimal(1)


@dataclass
class Line:
    position: int
    description: str
    unit: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: int
    vat_rate: str
    nature: str


@dataclass
class EInvoice:
    template_code: str
    symbol: str
    number: str
    issue_date: date
    currency: str
    seller_name: str
    seller_tax_code: str
    seller_address: str
    buyer_name: str
    buyer_tax_code: str
    subtotal: int
    vat_amount: int
    total: int
    total_in_words: str
    vat_rate: str
    lines: list[Line] = field(default_factory=list)

    @property
    def series(self) -> str:
        """The full symbol as printed: form number + symbol, e.g. "1" + "C26TAA"."""
        return f"{self.template_code}{self.symbol}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: Element | None, name: str) -> Element | None:
    if parent is None:
        return None
    for node in parent:
        if _local(node.tag) == name:
            return node
    return None


def _path(root: Element, *names: str) -> Element | None:
    node = root
    for name in names:
        node = _child(node, name)
    return node


def _text(parent: Element | None, name: str) -> str:
    node = _child(parent, name)
    return (node.text or "").strip() if node is not None else ""


def _invalid(message: str, where: str) -> ValidationFailed:
    return ValidationFailed(message, {"xml": [where]})


def _decimal(
    parent: Element | None, name: str, required: bool = False, bound: numbers.Bound | None = None
) -> Decimal | None:
    """The number in element `name` (None when empty and not `required`); ValidationFailed
    when it is not a number or is outside `bound`."""
    raw = _text(parent, name)
    if not raw:
        if required:
            raise _invalid(_("The e-invoice has no %(tag)s.") % {"tag": name}, name)
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise _invalid(
            _("%(tag)s is not a number: %(raw)s") % {"tag": name, "raw": raw}, name
        ) from exc
    if not value.is_finite():
        raise _invalid(_("%(tag)s is not a number: %(raw)s") % {"tag": name, "raw": raw}, name)
    if bound is not None and (message := numbers.refusal(value, bound, name)):
        raise _invalid(message, name)
    return value


def _whole(parent: Element | None, name: str, required: bool = True) -> int:
    """An amount in whole đồng within `numbers.SIGNED_MONEY` (0 when empty)."""
    value = _decimal(parent, name, required)
    if value is None:
        return 0
    amount = int(value.to_integral_value())
    if message := numbers.refusal(amount, numbers.SIGNED_MONEY, name):
        raise _invalid(message, name)
    return amount


def _find_invoice(root: Element) -> Element:
    if _local(root.tag) == "HDon":
        return root
    for node in root.iter():
        if _local(node.tag) == "HDon":
            return node
    raise _invalid(_("This XML is not a Vietnamese e-invoice (no HDon element)."), "HDon")


def parse(data: bytes) -> EInvoice:
    """Every field of the e-invoice in `data` (bytes of the XML file), exactly as written.

    Raises ValidationFailed (details under "xml") when the file is not well-formed XML, uses
    entities or DTDs (refused by defusedxml), is larger than 2 MB, or lacks a required
    element (KHHDon, SHDon, NLap, seller MST, TgTTTBSo …).
    """
    if len(data) > MAX_XML_BYTES:
        raise _invalid(_("The XML file is larger than 2 MB."), "size")
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise _invalid(_("The file is not a readable XML document."), "malformed") from exc
    invoice = _find_invoice(root)
    general = _path(invoice, "DLHDon", "TTChung")
    body = _path(invoice, "DLHDon", "NDHDon")
    if general is None or body is None:
        raise _invalid(_("The e-invoice lacks TTChung or NDHDon."), "DLHDon")
    seller, buyer, totals = _child(body, "NBan"), _child(body, "NMua"), _child(body, "TToan")
    for name, value in (
        ("KHHDon", _text(general, "KHHDon")),
        ("SHDon", _text(general, "SHDon")),
        ("NLap", _text(general, "NLap")),
        ("NBan/MST", _text(seller, "MST")),
    ):
        if not value:
            raise _invalid(_("The e-invoice has no %(tag)s.") % {"tag": name}, name)
    try:
        issued = date.fromisoformat(_text(general, "NLap")[:10])
    except ValueError as exc:
        raise _invalid(_("NLap is not a date (YYYY-MM-DD)."), "NLap") from exc
    lines = [_line(node, i) for i, node in enumerate(_items(body), start=1)]
    rates = sorted({line.vat_rate for line in lines if line.vat_rate})
    return EInvoice(
        template_code=_text(general, "KHMSHDon"),
        symbol=_text(general, "KHHDon"),
        number=_text(general, "SHDon"),
        issue_date=issued,
        currency=_text(general, "DVTTe") or "VND",
        seller_name=_text(seller, "Ten"),
        seller_tax_code=_text(seller, "MST"),
        seller_address=_text(seller, "DChi"),
        buyer_name=_text(buyer, "Ten"),
        buyer_tax_code=_text(buyer, "MST"),
        subtotal=_whole(totals, "TgTCThue"),
        vat_amount=_whole(totals, "TgTThue", required=False),
        total=_whole(totals, "TgTTTBSo"),
        total_in_words=_text(totals, "TgTTTBChu"),
        vat_rate=", ".join(rates),
        lines=lines,
    )


def _items(body: Element) -> list[Element]:
    listing = _child(body, "DSHHDVu")
    return [n for n in listing if _local(n.tag) == "HHDVu"] if listing is not None else []


def _line(node: Element, position: int) -> Line:
    number = _text(node, "STT")
    return Line(
        position=int(number) if number.isdigit() and len(number) <= 4 else position,
        description=_text(node, "THHDVu") or "—",
        unit=_text(node, "DVTinh"),
        quantity=_decimal(node, "SLuong", bound=numbers.INVOICE_LINE_QUANTITY),
        unit_price=_decimal(node, "DGia", bound=numbers.INVOICE_UNIT_PRICE),
        amount=_whole(node, "ThTien", required=False),
        vat_rate=_text(node, "TSuat"),
        nature=_text(node, "TChat") or "1",
    )


def vat_fraction(rate: str) -> Decimal | None:
    """ "10%" → 0.10; "KCT" (not taxable) / "KKKNT" (not declared) → 0; unknown → None."""
    rate = rate.strip().upper()
    if rate in {"KCT", "KKKNT"}:
        return Decimal(0)
    try:
        return Decimal(rate.rstrip("%")) / 100
    except InvalidOperation:
        return None


def arithmetic_issues(invoice: EInvoice) -> list[dict]:
    """Problems in the numbers, each {"code", "message"}; an honest invoice has none.

    Checks (1 đồng tolerance for rounding): each line's ThTien = SLuong × DGia; Σ lines
    (discount lines subtracted) = TgTCThue; Σ per-line VAT = TgTThue (when every rate is
    known, 1 đồng per line tolerance); TgTCThue + TgTThue = TgTTTBSo.
    """
    issues = []
    for line in invoice.lines:
        if line.quantity is not None and line.unit_price is not None and line.amount:
            expected = line.quantity * line.unit_price
            if abs(expected - line.amount) > ONE_DONG:
                issues.append(
                    {
                        "code": "LINE_AMOUNT",
                        "message": _("Line %(n)s: %(q)s × %(p)s ≠ %(a)s.")
                        % {
                            "n": line.position,
                            "q": line.quantity,
                            "p": line.unit_price,
                            "a": line.amount,
                        },
                    }
                )
    counted = [ln for ln in invoice.lines if ln.nature not in NO_AMOUNT_LINES]
    lines_sum = sum(-ln.amount if ln.nature == DISCOUNT_LINE else ln.amount for ln in counted)
    if counted and abs(lines_sum - invoice.subtotal) > 1:
        issues.append(
            {
                "code": "SUBTOTAL",
                "message": _("The lines add up to %(sum)s, the invoice says %(sub)s before VAT.")
                % {"sum": lines_sum, "sub": invoice.subtotal},
            }
        )
    fractions = [vat_fraction(ln.vat_rate) for ln in counted]
    if counted and all(f is not None for f in fractions):
        vat = sum(
            (-1 if ln.nature == DISCOUNT_LINE else 1) * ln.amount * f
            for ln, f in zip(counted, fractions, strict=True)
        )
        if abs(vat - invoice.vat_amount) > len(counted):
            issues.append(
                {
                    "code": "VAT",
                    "message": _("VAT of the lines is %(vat)s, the invoice says %(said)s.")
                    % {"vat": int(vat), "said": invoice.vat_amount},
                }
            )
    issues += total_issues(invoice.subtotal, invoice.vat_amount, invoice.total)
    return issues


def total_issues(subtotal: int | None, vat_amount: int | None, total: int | None) -> list[dict]:
    """Subtotal + VAT must equal the total (1 đồng tolerance); empty figures are not checked."""
    if subtotal is None or total is None or abs(subtotal + (vat_amount or 0) - total) <= 1:
        return []
    return [
        {
            "code": "TOTAL",
            "message": _("%(sub)s + VAT %(vat)s = %(sum)s, but the total says %(total)s.")
            % {
                "sub": subtotal,
                "vat": vat_amount or 0,
                "sum": subtotal + (vat_amount or 0),
                "total": total,
            },
        }
    ]

"""Synthetic paper invoices rendered with Pillow (Vietnamese text, DejaVu fonts): several
layouts, some rotated or low-contrast. Each comes with the true field values."""

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
SELLERS = [
    ("CÔNG TY TNHH GARA Ô TÔ MINH PHÁT", "0314567890"),
    ("CÔNG TY CỔ PHẦN XĂNG DẦU BÌNH DƯƠNG", "3700123456"),
    ("CÔNG TY TNHH PHỤ TÙNG XE TẢI HOÀNG LONG", "0109876543"),
    ("CÔNG TY TNHH LỐP XE ĐẠI NAM", "0401234567"),
]
BUYER_TAX_CODE = "0312345678"


@dataclass
class Rendered:
    png: bytes
    truth: dict[str, str]
    label: str


def font(size: int, bold: bool = False, serif: bool = False) -> ImageFont.FreeTypeFont:
    name = ("DejaVuSerif" if serif else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _truth(rng: random.Random) -> dict[str, str]:
    seller, tax_code = rng.choice(SELLERS)
    subtotal = rng.randrange(50, 5000) * 1000
    rate = rng.choice([8, 10])
    vat = subtotal * rate // 100
    return {
        "series": f"1C26T{rng.choice('ABCDEFGH')}{rng.choice('ABCDEFGH')}",
        "number": str(rng.randrange(1, 99999)),
        "issue_date": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "seller_name": seller,
        "seller_tax_code": tax_code,
        "buyer_tax_code": BUYER_TAX_CODE,
        "subtotal": str(subtotal),
        "vat_rate": str(rate),
        "vat_amount": str(vat),
        "total": str(subtotal + vat),
        "plate": f"51C{rng.randrange(10000, 99999)}",
    }


def _lines(truth: dict[str, str], layout: int) -> list[tuple[str, int, bool]]:
    year, month, day = truth["issue_date"].split("-")
    plate = truth["plate"]
    plate_text = f"{plate[:3]}-{plate[3:6]}.{plate[6:]}"
    head = [
        (truth["seller_name"], 30, True),
        (f"Mã số thuế: {truth['seller_tax_code']}", 26, False),
        ("Địa chỉ: 123 Quốc lộ 1A, TP. Thủ Đức, TP. Hồ Chí Minh", 24, False),
        ("", 20, False),
        ("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", 36, True),
        (f"Ký hiệu: {truth['series']}", 26, False),
        (f"Số: {truth['number']}", 26, False),
        (f"Ngày {day} tháng {month} năm {year}", 26, False),
        ("", 20, False),
        ("Tên đơn vị mua: CÔNG TY TNHH UNICON LOGISTICS", 24, False),
        (f"Mã số thuế người mua: {truth['buyer_tax_code']}", 24, False),
        (f"Biển số xe: {plate_text}", 24, False),
        ("", 20, False),
        ("STT  Tên hàng hóa, dịch vụ        ĐVT    Số lượng    Thành tiền", 22, True),
        (
            f"1    Sửa chữa, thay thế phụ tùng  Lần    1           {vnd(int(truth['subtotal']))}",
            22,
            False,
        ),
        ("", 20, False),
        (f"Cộng tiền hàng: {vnd(int(truth['subtotal']))}", 26, False),
        (f"Thuế suất GTGT: {truth['vat_rate']}%", 26, False),
        (f"Tiền thuế GTGT: {vnd(int(truth['vat_amount']))}", 26, False),
        (f"Tổng cộng tiền thanh toán: {vnd(int(truth['total']))}", 28, True),
    ]
    if layout == 1:  # title first, seller block after
        head = [*head[4:8], ("", 20, False), *head[:3], *head[8:]]
    if layout == 2:  # a receipt-like layout with "đồng" after amounts
        head = [
            (t + (" đồng" if t.startswith(("Cộng", "Tiền", "Tổng")) else ""), s, b)
            for t, s, b in head
        ]
    return head


def render(seed: int, layout: int = 0, rotate: float = 0, contrast: float = 1.0) -> Rendered:
    """One invoice page as PNG bytes (A5-ish at ~150 dpi), with its true values."""
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
    truth = _truth(rng)
    image = Image.new("L", (1400, 1300), 255)
    draw = ImageDraw.Draw(image)
    y = 50
    ink = int(255 - 255 * contrast)
    for text, size, bold in _lines(truth, layout):
        if text:
            draw.text((60, y), text, fill=ink, font=font(size, bold, serif=layout == 1))
        y += int(size * 1.6)
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=255)
    out = io.BytesIO()
    image.save(out, "PNG")
    label = (
        f"layout {layout}"
        + (f", rotated {rotate}°" if rotate else "")
        + (f", contrast {contrast:.0%}" if contrast < 1 else "")
    )
    return Rendered(out.getvalue(), truth, label)


# The measured set: clean renders of three layouts, then rotated and low-contrast ones.
CLEAN = [(seed, seed % 3, 0, 1.0) for seed in range(1, 10)]
HARD = [(10, 0, 3, 1.0), (11, 1, -4, 1.0), (12, 2, 90, 1.0), (13, 0, 0, 0.3), (14, 1, 2, 0.35)]

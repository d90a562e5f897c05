"""E-invoice XML written in the structure of Circular 78/2021 (Decision 1450/QĐ-TCT)."""

from xml.sax.saxutils import escape

SELLER_TAX_CODE = "0301234567"
LINES = [  # name, unit, quantity, unit price, amount, VAT rate
    ("Dầu diesel 0,05S-II", "Lít", "500", "19000", "9500000", "10%"),
    ("Nhớt động cơ 15W40", "Can", "2", "650000", "1300000", "10%"),
]


def einvoice_xml(
    *,
    number: str = "0000123",
    symbol: str = "C26TAA",
    buyer_tax_code: str = "0312345678",
    subtotal: str = "10800000",
    vat: str = "1080000",
    total: str = "11880000",
    lines=LINES,
    wrapped: bool = False,
) -> bytes:
    items = "".join(
        f"<HHDVu><TChat>1</TChat><STT>{i}</STT><THHDVu>{escape(name)}</THHDVu>"
        f"<DVTinh>{unit}</DVTinh><SLuong>{qty}</SLuong><DGia>{price}</DGia>"
        f"<ThTien>{amount}</ThTien><TSuat>{rate}</TSuat></HHDVu>"
        for i, (name, unit, qty, price, amount, rate) in enumerate(lines, start=1)
    )
    body = f"""<HDon><DLHDon Id="data">
  <TTChung><PBan>2.0.1</PBan><THDon>Hóa đơn giá trị gia tăng</THDon><KHMSHDon>1</KHMSHDon>
    <KHHDon>{symbol}</KHHDon><SHDon>{number}</SHDon><NLap>2026-11-15</NLap>
    <DVTTe>VND</DVTTe><TGia>1</TGia><HTTToan>TM/CK</HTTToan></TTChung>
  <NDHDon>
    <NBan><Ten>Công ty CP Xăng dầu Sài Gòn</Ten><MST>{SELLER_TAX_CODE}</MST>
      <DChi>12 Nguyễn Tất Thành, Quận 4, TP.HCM</DChi></NBan>
    <NMua><Ten>Công ty TNHH Unicon Logistics</Ten><MST>{buyer_tax_code}</MST>
      <DChi>Quận 7, TP.HCM</DChi></NMua>
    <DSHHDVu>{items}</DSHHDVu>
    <TToan><THTTLTSuat><LTSuat><TSuat>10%</TSuat><ThTien>{subtotal}</ThTien>
      <TThue>{vat}</TThue></LTSuat></THTTLTSuat>
      <TgTCThue>{subtotal}</TgTCThue><TgTThue>{vat}</TgTThue><TgTTTBSo>{total}</TgTTTBSo>
      <TgTTTBChu>Mười một triệu tám trăm tám mươi nghìn đồng</TgTTTBChu></TToan>
  </NDHDon></DLHDon><MCCQT>00A1B2C3D4E5F6</MCCQT></HDon>"""
    if wrapped:
        body = f"<TDiep><TTChung><MLTDiep>200</MLTDiep></TTChung><DLieu>{body}</DLieu></TDiep>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()

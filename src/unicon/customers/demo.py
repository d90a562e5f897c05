"""Demo customers and locations around Ho Chi Minh City and Bình Dương (`unicon seed-demo`).

The accounts demo already made APT, VNM and MACSTAR with their users; they are completed
here (blank fields only), the others are added. Coordinates are approximate (±200 m).
"""

from unicon.core import crud
from unicon.customers.models import (
    Customer,
    CustomerStatus,
    Location,
    LocationKind,
    PaymentTermUnit,
    StatementCycle,
)

DAYS, MONTHS = PaymentTermUnit.DAYS, PaymentTermUnit.MONTHS
HCMC, BINH_DUONG, DONG_NAI = "TP. Hồ Chí Minh", "Bình Dương", "Đồng Nai"

# code, name, phone, tax code, address, term, unit, statement cycle, VAT, status
CUSTOMERS = [
    ("APT", "Công ty TNHH An Phát Thịnh", "0274 3756 888", "3701234567",
     "Đường số 6, KCN VSIP 1, Thuận An, Bình Dương", 30, DAYS, StatementCycle.MONTHLY_25, True),
    ("VNM", "Công ty CP Sữa Việt Nam (Vinamilk)", "028 5415 5555", "0300588569",
     "10 Tân Trào, Tân Phú, Quận 7, TP. Hồ Chí Minh", 1, MONTHS, StatementCycle.MONTHLY_30, True),
    ("MACSTAR", "MACSTAR HCM", "028 3620 1234", "0312223334",
     "Lô 12, KCN Tân Tạo, Bình Tân, TP. Hồ Chí Minh", 25, DAYS, StatementCycle.BIMONTHLY, False),
    ("TSN", "Công ty TNHH Thái Sơn", "0274 3890 123", "3702345678",
     "KCN VSIP 2, Tân Uyên, Bình Dương", 30, DAYS, StatementCycle.MONTHLY_25, True),
    ("LST", "LST Enterprise Co., Ltd", "028 3754 6789", "0313456789",
     "Đường số 3, KCN Tân Tạo, Bình Tân, TP. Hồ Chí Minh", 45, DAYS, StatementCycle.MONTHLY_30,
     True),
    ("MPW", "Công ty CP Gỗ Minh Phát", "0274 3732 456", "3703456789",
     "Đường số 9, KCN Sóng Thần 1, Dĩ An, Bình Dương", 30, DAYS, StatementCycle.WEEKLY, True),
    ("SGX", "Công ty TNHH Dệt may Sài Gòn Xanh", "028 3765 4321", "0314567890",
     "KCN Tân Tạo mở rộng, Bình Tân, TP. Hồ Chí Minh", 2, MONTHS, StatementCycle.MONTHLY_30,
     True),
    ("TPP", "Công ty TNHH Bao bì Tân Phú", "0274 3790 246", "3704567890",
     "Đường số 2, KCN Sóng Thần 2, Dĩ An, Bình Dương", 15, DAYS, StatementCycle.BIMONTHLY, False),
    ("VHE", "Công ty TNHH Điện tử Việt Hàn", "0274 3767 135", "3705678901",
     "Đại lộ Hữu Nghị, KCN VSIP 1, Thuận An, Bình Dương", 30, DAYS, StatementCycle.MONTHLY_25,
     True),
    ("DAS", "Công ty TNHH Nông sản Đông Á", "028 3896 0099", "0315678901",
     "KCN Hiệp Phước, Nhà Bè, TP. Hồ Chí Minh", 30, DAYS, "", False, CustomerStatus.INACTIVE),
]  # fmt: skip

# Shared places: ports, ICDs and container depots. name, kind, address, province, lat, lng
SHARED = [
    ("Cảng Cát Lái", LocationKind.PORT,
     "1295B Nguyễn Thị Định, Cát Lái, TP. Thủ Đức", HCMC, "10.758900", "106.788200"),
    ("Cảng Hiệp Phước", LocationKind.PORT,
     "Đường Nguyễn Văn Tạo, Hiệp Phước, Nhà Bè", HCMC, "10.638300", "106.754600"),
    ("Cảng Tân Cảng - Cái Mép (TCIT)", LocationKind.PORT,
     "Tân Phước, Phú Mỹ, Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "10.533000", "107.026000"),
    ("ICD Phước Long", LocationKind.ICD,
     "Đường Đỗ Xuân Hợp, Phước Long B, TP. Thủ Đức", HCMC, "10.816300", "106.773600"),
    ("Tân Cảng Long Bình (ICD)", LocationKind.ICD,
     "Khu phố 7, Long Bình, Biên Hòa", DONG_NAI, "10.922100", "106.868400"),
    ("ICD Sóng Thần", LocationKind.ICD,
     "Đường ĐT743, Bình Hòa, Thuận An", BINH_DUONG, "10.896500", "106.744900"),
    ("Depot Phước Long 3", LocationKind.DEPOT,
     "Đường số 1, Phước Long B, TP. Thủ Đức", HCMC, "10.821000", "106.776000"),
    ("Tân Cảng Depot", LocationKind.DEPOT,
     "Đường Nguyễn Thị Định, Cát Lái, TP. Thủ Đức", HCMC, "10.763000", "106.784000"),
    ("Depot Transimex", LocationKind.DEPOT,
     "Xa lộ Hà Nội, Trường Thọ, TP. Thủ Đức", HCMC, "10.832500", "106.760300"),
]  # fmt: skip

# Customers' own warehouses: customer, name, address, province, lat, lng, contact, phone
WAREHOUSES = [
    ("APT", "Kho An Phát Thịnh - VSIP 1", "Đường số 6, KCN VSIP 1, Thuận An", BINH_DUONG,
     "10.929400", "106.708500", "Anh Phát", "0908 111 222"),
    ("APT", "Kho An Phát Thịnh - Sóng Thần", "Đường số 4, KCN Sóng Thần 2, Dĩ An", BINH_DUONG,
     "10.907200", "106.740100", "Chị Thịnh", "0908 333 444"),
    ("VNM", "Nhà máy sữa Bình Dương (Vinamilk)", "KCN Sóng Thần 2, Dĩ An", BINH_DUONG,
     "10.905800", "106.743700", "Anh Minh (kho)", "0909 555 666"),
    ("MACSTAR", "Kho MACSTAR - Tân Tạo", "Lô 12, KCN Tân Tạo, Bình Tân", HCMC,
     "10.753000", "106.590000", "Anh Khoa", "0903 777 888"),
    ("TSN", "Xưởng Thái Sơn - VSIP 2", "KCN VSIP 2, Tân Uyên", BINH_DUONG,
     "11.065000", "106.690000", "Chị Sơn", "0918 222 333"),
    ("LST", "Kho LST - Tân Tạo", "Đường số 3, KCN Tân Tạo, Bình Tân", HCMC,
     "10.756000", "106.595000", "Mr. Lee", "0938 444 555"),
    ("MPW", "Xưởng gỗ Minh Phát - Sóng Thần 1", "Đường số 9, KCN Sóng Thần 1, Dĩ An",
     BINH_DUONG, "10.899800", "106.756200", "Anh Phát", "0912 666 777"),
    ("VHE", "Nhà máy Việt Hàn - VSIP 1", "Đại lộ Hữu Nghị, KCN VSIP 1, Thuận An", BINH_DUONG,
     "10.932100", "106.712400", "Ms. Kim", "0937 888 999"),
]  # fmt: skip


COMPLETED_FIELDS = (
    "phone",
    "tax_code",
    "address",
    "has_vat_invoice",
    "invoice_name",
    "invoice_address",
)


def _customer(code, name, phone, tax_code, address, term, unit, cycle, vat, status=None):
    fields = {
        "name": name,
        "phone": phone,
        "tax_code": tax_code,
        "address": address,
        "payment_term": term,
        "payment_term_unit": unit,
        "statement_cycle": cycle,
        "has_vat_invoice": vat,
        "invoice_name": name if vat else "",
        "invoice_address": address if vat else "",
        "status": status or CustomerStatus.ACTIVE,
    }
    customer = Customer.objects.filter(code=code).first()
    if customer is None:
        customer = Customer(code=code, **fields)
    else:  # made by the accounts demo: complete what it left blank
        for field in COMPLETED_FIELDS:
            if not getattr(customer, field):
                setattr(customer, field, fields[field])
    crud.validate(customer)
    customer.save()
    return customer


def _location(name, kind, address, province, lat, lng, customer=None, contact="", phone=""):
    location = Location.objects.filter(name=name, customer=customer).first() or Location(
        name=name,
        kind=kind,
        address=address,
        province=province,
        latitude=lat,
        longitude=lng,
        customer=customer,
        contact_person=contact,
        contact_phone=phone,
    )
    crud.validate(location)
    location.save()
    return location


def load(password: str) -> None:
    customers = {row[0]: _customer(*row) for row in CUSTOMERS}
    for row in SHARED:
        _location(*row)
    for code, name, address, province, lat, lng, contact, phone in WAREHOUSES:
        kind = LocationKind.WAREHOUSE
        _location(name, kind, address, province, lat, lng, customers[code], contact, phone)

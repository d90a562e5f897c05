"""The nine sheets of "Quản lý đội xe vận tải.xlsx" (DOMAIN.md part B §7.4): their names, the
headers the template writes, the other spellings seen in the company's sheets, and one
example row each. Order matters: a sheet may refer to rows of the sheets before it."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from unicon.dataio.workbook import Column, SheetSpec

CUSTOMERS = SheetSpec(
    "customers",
    "Thông tin khách hàng",
    ("Khách hàng", "KH", "Customers"),
    (
        Column("code", "Mã KH", ("Mã khách hàng", "Ma KH", "Code"), example="ANPHAT"),
        Column(
            "name",
            "Tên khách hàng",
            ("Khách hàng", "Tên KH", "Tên công ty", "Name"),
            required=True,
            example="Công ty TNHH An Phát",
        ),
        Column(
            "lanes", "Mô tả", ("Mô tả tuyến", "Khu vực", "Tuyến"), example="Cát Lái – Bình Dương"
        ),
        Column(
            "statement", "Chốt bảng kê", ("Bảng kê", "Quy tắc chốt"), example="chốt bảng kê ngày 25"
        ),
        Column(
            "term",
            "Công nợ",
            ("Thời hạn thanh toán", "Hạn thanh toán", "Thanh toán"),
            example="25~30 ngày",
        ),
        Column("vat", "Xuất VAT", ("VAT", "Hóa đơn VAT", "Xuất hóa đơn"), example="Có"),
        Column("status", "Trạng thái", ("Tình trạng",), example="Đang hợp tác"),
        Column("phone", "Số điện thoại", ("SĐT", "Điện thoại", "SDT"), example="0901 234 567"),
        Column("email", "Email", ("E-mail", "Thư điện tử"), example="ketoan@anphat.vn"),
        Column("address", "Địa chỉ", ("Dia chi",), example="12 Nguyễn Văn Linh, Q.7, TP.HCM"),
        Column("contact", "Người liên hệ", ("Liên hệ",), example="Chị Lan"),
        Column("tax_code", "Mã số thuế", ("MST",), example="0312345678"),
    ),
    _("customers"),
)

LOCATIONS = SheetSpec(
    "locations",
    "Danh sách địa điểm",
    ("Địa điểm", "Locations"),
    (
        Column(
            "name",
            "Tên địa điểm",
            ("Địa điểm", "Tên", "Name"),
            required=True,
            example="Cảng Cát Lái",
        ),
        Column("kind", "Loại", ("Loại địa điểm", "Phân loại"), example="Cảng"),
        Column("address", "Địa chỉ", (), example="Nguyễn Thị Định, TP Thủ Đức"),
        Column("province", "Tỉnh/Thành phố", ("Tỉnh", "Thành phố", "Tỉnh thành"), example="TP.HCM"),
        Column("latitude", "Vĩ độ", ("Lat",), example=10.7626),
        Column("longitude", "Kinh độ", ("Lng", "Long"), example=106.7867),
    ),
    _("locations"),
)

DRIVERS = SheetSpec(
    "drivers",
    "Thông tin tài xế",
    ("Tài xế", "Drivers"),
    (
        Column(
            "name",
            "Họ và tên",
            ("Họ tên", "Tên tài xế", "Tài xế"),
            required=True,
            example="Nguyễn Văn An",
        ),
        Column(
            "phone", "Số điện thoại", ("SĐT", "Điện thoại"), required=True, example="0912 345 678"
        ),
        Column("birth_year", "Năm sinh", (), example=1985),
        Column("hometown", "Quê quán", ("Quê",), example="Bình Định"),
        Column("citizen_id", "CCCD", ("Số CCCD", "CMND"), example="079085001234"),
        Column("licence_class", "Hạng bằng lái", ("Hạng GPLX", "Bằng lái"), example="FC"),
        Column("licence_number", "Số bằng lái", ("Số GPLX",), example="790123456789"),
        Column(
            "licence_expiry",
            "Hạn bằng lái",
            ("Hạn GPLX", "Ngày hết hạn bằng lái"),
            required=True,
            example=dt.date(2028, 6, 30),
        ),
        Column("status", "Trạng thái", ("Tình trạng",), example="Đang làm"),
        Column("company", "Công ty", ("Đơn vị",), example="Unicon"),
    ),
    _("drivers"),
)

VEHICLES = SheetSpec(
    "vehicles",
    "Thông tin xe",
    ("Xe", "Danh sách xe", "Vehicles"),
    (
        Column(
            "plate", "Biển số", ("Biển số xe", "BKS", "Số xe"), required=True, example="51C-123.45"
        ),
        Column("type", "Loại xe", ("Loại",), required=True, example="Đầu kéo"),
        Column("condition", "Tình trạng", ("Trạng thái",), example="Đang hoạt động"),
        Column("brand", "Hãng xe", ("Xuất xứ", "Nhãn hiệu", "Hãng"), example="Hyundai"),
        Column("year", "Năm sản xuất", ("Năm SX",), example=2018),
        Column("driver", "Tài xế", ("Tài xế phụ trách", "Lái xe"), example="Nguyễn Văn An"),
        Column("inspection", "Hạn đăng kiểm", ("Đăng kiểm",), example=dt.date(2027, 3, 15)),
        Column(
            "insurance",
            "Hạn bảo hiểm TNDS",
            ("Hạn bảo hiểm", "Bảo hiểm TNDS"),
            example=dt.date(2027, 1, 10),
        ),
        Column(
            "permit", "Hạn phù hiệu", ("Phù hiệu", "Hạn niên hạn"), example=dt.date(2027, 12, 31)
        ),
        Column("company", "Công ty", ("Chủ xe", "Đơn vị sở hữu"), required=True, example="Unicon"),
    ),
    _("vehicles"),
)

ORDERS = SheetSpec(
    "orders",
    "Thông tin đơn hàng",
    ("Đơn hàng", "Orders"),
    (
        Column(
            "customer", "Khách hàng", ("Tên khách hàng", "Mã KH"), required=True, example="ANPHAT"
        ),
        Column(
            "order_code", "Mã đơn hàng", ("Mã đơn", "Số đơn"), required=True, example="DH-2024-0001"
        ),
        Column(
            "date",
            "Ngày",
            ("Ngày vận chuyển", "Ngày đi"),
            required=True,
            example=dt.date(2024, 3, 15),
        ),
        Column("route", "Tuyến đường", ("Tuyến", "Lộ trình"), example="Cát Lái – VSIP 1"),
        Column(
            "pickup",
            "Nơi lấy hàng",
            ("Nơi đóng hàng", "Điểm lấy", "Nơi nhận"),
            required=True,
            example="Cảng Cát Lái",
        ),
        Column(
            "dropoff",
            "Nơi trả hàng",
            ("Nơi hạ hàng", "Điểm trả", "Nơi giao"),
            required=True,
            example="KCN VSIP 1",
        ),
        Column("plate", "Biển số xe", ("Biển số", "Xe"), example="51C-123.45"),
        Column("driver", "Tài xế", ("Lái xe",), example="Nguyễn Văn An"),
        Column("container", "Số container", ("Số cont", "Container"), example="MSKU1234565"),
        Column("container_type", "Loại cont", ("Loại container",), example="40HC"),
        Column("kind", "Loại hình", ("Xuất/Nhập", "Hình thức"), example="Xuất"),
    ),
    _("historical orders"),
)

FUEL = SheetSpec(
    "fuel",
    "Quản lý xăng dầu",
    ("Xăng dầu", "Nhiên liệu", "Quản lý dầu", "Fuel"),
    (
        Column(
            "date", "Ngày", ("Ngày đổ", "Ngày đổ dầu"), required=True, example=dt.date(2024, 3, 15)
        ),
        Column("time", "Giờ", ("Giờ đổ", "Thời gian"), example="07:30"),
        Column(
            "plate", "Biển số", ("Biển số xe", "BKS", "Số xe"), required=True, example="51C-123.45"
        ),
        Column("driver", "Tài xế", ("Lái xe", "Người đổ"), example="Nguyễn Văn An"),
        Column("litres", "Số lít", ("Lít", "Số lượng (lít)", "Số lượng"), example="250,5"),
        Column("unit_price", "Đơn giá", ("Giá", "Đơn giá (đ/lít)"), example="21.500"),
        Column("amount", "Thành tiền", ("Số tiền", "Tổng tiền"), example="5.385.750"),
        Column("odometer", "Số km", ("Km", "Công tơ mét", "Số km đồng hồ"), example=152340),
        Column("station", "Cây xăng", ("Trạm xăng", "Nơi đổ", "Cửa hàng"), example="Petrolimex 15"),
        Column("notes", "Ghi chú", (), example=""),
    ),
    _("fuel logs"),
)

REPAIRS = SheetSpec(
    "repairs",
    "Thông tin sửa chữa xe",
    ("Sửa chữa", "Sửa chữa xe", "Sửa chữa bảo dưỡng", "Repairs"),
    (
        Column(
            "date",
            "Ngày",
            ("Ngày sửa", "Ngày sửa chữa"),
            required=True,
            example=dt.date(2024, 3, 20),
        ),
        Column(
            "plate", "Biển số", ("Biển số xe", "BKS", "Số xe"), required=True, example="51C-123.45"
        ),
        Column(
            "description",
            "Nội dung",
            ("Hạng mục", "Nội dung sửa chữa", "Chi tiết"),
            required=True,
            example="Thay lốp",
        ),
        Column("kind", "Loại", ("Phân loại", "Loại chi phí"), example="Phụ tùng"),
        Column("quantity", "Số lượng", ("SL",), example=2),
        Column("unit_price", "Đơn giá", ("Giá",), example="2.400.000"),
        Column("amount", "Chi phí", ("Số tiền", "Thành tiền"), example="4.800.000đ"),
        Column(
            "garage", "Nơi sửa", ("Gara", "Garage", "Đơn vị sửa chữa"), example="Gara Minh Phát"
        ),
        Column("odometer", "Số km", ("Km", "Công tơ mét"), example=152900),
        Column("driver", "Tài xế", ("Lái xe",), example="Nguyễn Văn An"),
        Column("notes", "Ghi chú", (), example=""),
    ),
    _("repair logs"),
)

DISTANCES = SheetSpec(
    "distances",
    "Khoảng cách",
    ("Distances",),
    (
        Column("origin", "Điểm đi", ("Từ",), required=True, example="Cảng Cát Lái"),
        Column("destination", "Điểm đến", ("Đến",), required=True, example="KCN VSIP 1"),
        Column("km", "Số km", ("Km", "Khoảng cách (km)"), required=True, example=32),
    ),
    _("distances"),
)

RATES = SheetSpec(
    "rates",
    "Giá cước vận chuyển",
    ("Giá cước", "Bảng giá", "Rates"),
    (
        Column("route", "Tuyến", ("Tuyến đường",), required=True, example="Cát Lái – VSIP 1"),
        Column("container_type", "Loại cont", ("Loại container",), example="40HC"),
        Column("price", "Đơn giá", ("Giá cước", "Giá"), required=True, example="3.200.000"),
    ),
    _("freight rates"),
)

#: Every sheet, in import order.
SPECS = [CUSTOMERS, LOCATIONS, DRIVERS, VEHICLES, ORDERS, FUEL, REPAIRS, DISTANCES, RATES]

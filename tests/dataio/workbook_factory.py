"""A workbook in the shape of the company's "Quản lý đội xe vận tải.xlsx", with the messy
values of real sheets: merged title rows above the header, blank rows, extra columns,
dates as Excel serials / dd/mm/yyyy text / datetimes shifted by the time zone, phones and
plates in any spelling, money as `1.200.000`, free-text terms, sold and rented vehicles,
duplicates. `with_errors=True` adds rows that must be refused (see ERRORS)."""

import datetime as dt
import io

from openpyxl import Workbook

SHIFTED = dt.datetime(2027, 3, 14, 17, 0)  # 15/03/2027 00:00 in Asia/Ho_Chi_Minh, in UTC
ORDER_SHIFTED = dt.datetime(2024, 3, 14, 17, 0)  # 15/03/2024

#: sheet key → (rows read, created, updated, unchanged, duplicate, not imported) of a first
#: import of the clean workbook
FIRST_RUN = {
    "customers": (4, 3, 0, 0, 1, 0),
    "locations": (4, 3, 0, 0, 1, 0),
    "drivers": (3, 3, 0, 0, 0, 0),
    "vehicles": (6, 5, 0, 0, 1, 0),
    "orders": (4, 3, 0, 0, 1, 0),
    "fuel": (6, 5, 0, 0, 1, 0),
    "repairs": (4, 3, 0, 0, 1, 0),
    "distances": (2, 1, 0, 0, 1, 0),
    "rates": (3, 1, 0, 0, 1, 1),
}

#: (sheet name, Excel row, column header) of every error of the workbook with errors
ERRORS = [
    ("Thông tin khách hàng", 9, "VAT"),
    ("Thông tin khách hàng", 9, "SĐT"),
    ("Danh sách địa điểm", 6, "Loại"),
    ("Thông tin tài xế", 7, "SĐT"),
    ("Thông tin tài xế", 7, "Hạn GPLX"),
    ("Thông tin xe", 8, "Biển số"),
    ("Thông tin xe", 9, "Loại xe"),
    ("Thông tin đơn hàng", 6, "Khách hàng"),
    ("Thông tin đơn hàng", 7, "Ngày"),
    ("Quản lý xăng dầu", 11, "Biển số xe"),
    ("Quản lý xăng dầu", 12, "Thành tiền"),
    ("Quản lý xăng dầu", 13, "Biển số xe"),
    ("Quản lý xăng dầu", 14, "Ngày đổ"),
    ("Thông tin sửa chữa xe", 6, "Thành tiền"),
    ("Thông tin sửa chữa xe", 7, "Ngày"),
]


def _sheet(book, title, headers, rows, title_row=None):
    sheet = book.create_sheet(title)
    if title_row:
        sheet.append([title_row])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return sheet


def make_workbook(with_errors: bool = False) -> bytes:
    book = Workbook()
    book.remove(book.active)
    customers = [
        [
            1,
            "ANPHAT",
            "Công ty TNHH An Phát",
            "Cát Lái - Bình Dương",
            "chốt bảng kê ngày 25",
            "25~30 ngày",
            "Có",
            "Đang hợp tác",
            "+84 901 234 567",
            "ketoan@anphat.vn",
            "khách lâu năm",
        ],
        [
            2,
            None,
            "Công ty CP Thép Miền Nam",
            None,
            "cuối tháng",
            "1 tháng",
            "không",
            "Đang hợp tác",
            901234568,
            None,
            None,
        ],
        [],
        [
            3,
            "VNM",
            "Vinamilk",
            "",
            "theo yêu cầu",
            "thanh toán ngay",
            "x",
            "Ngừng",
            "028.3823.4567",
            "",
            "",
        ],
        [4, "anphat", "Công ty TNHH An Phát", "", "", "", "", "", "", "", "nhập trùng"],
    ]
    if with_errors:
        customers.append([5, "KHX", "Khách lỗi", "", "", "30", "maybe", "", "12345", "", ""])
    _sheet(
        book,
        "Thông tin khách hàng",
        [
            "STT",
            "Mã KH",
            "Tên khách hàng",
            "Mô tả tuyến",
            "Chốt bảng kê",
            "Thời hạn thanh toán",
            "VAT",
            "Trạng thái",
            "SĐT",
            "Email",
            "Ghi chú",
        ],
        customers,
        title_row="DANH SÁCH KHÁCH HÀNG 2024",
    )
    locations = [
        ["Cảng Cát Lái", "Cảng", "Nguyễn Thị Định, TP Thủ Đức", "TP.HCM", 10.7626, 106.7867],
        ["Depot Phước Long", "Depot", "Quận 9", "TP.HCM", None, None],
        ["KCN VSIP 1", "Kho", "Thuận An", "Bình Dương", "10,9301", "106,7012"],
        ["cảng  cát lái", "Cảng", "", "", None, None],
    ]
    if with_errors:
        locations.append(["ICD Sóng Thần", "Sân bay", "", "", None, None])
    _sheet(
        book,
        "Danh sách địa điểm",
        ["Tên địa điểm", "Loại", "Địa chỉ", "Tỉnh/Thành phố", "Vĩ độ", "Kinh độ"],
        locations,
    )
    drivers = [
        ["Nguyễn Văn An", "0912.345.678", 1985, "FC", "30/06/2028", "Đang làm", "Unicon"],
        ["Trần Văn Bình", "+84 913 456 789", 1990, "FC", 46000, "Đang làm", "Khánh Huy"],
        ["Lê Văn Cường", 914567890, 1979, "C", SHIFTED, "Nghỉ việc", None],
    ]
    if with_errors:
        drivers.append(["Phạm Văn Dũng", "0915", 1988, "FC", "31/02/2027", "Đang làm", ""])
    _sheet(
        book,
        "Thông tin tài xế",
        ["Họ tên", "SĐT", "Năm sinh", "Hạng GPLX", "Hạn GPLX", "Trạng thái", "Công ty"],
        drivers,
        title_row="TÀI XẾ",
    )
    vehicles = [
        [
            "51C-123.45",
            "Đầu kéo",
            "Đang hoạt động",
            "Hyundai",
            2018,
            "Nguyễn Văn An",
            dt.date(2027, 3, 15),
            "15/01/2027",
            46387,
            "Unicon",
            "01/02/2024",
            "1.200.000",
        ],
        [
            "51r 012.34",
            "Mooc",
            "Đang hoạt động",
            "CIMC",
            2019,
            "nguyễn văn an",
            None,
            None,
            None,
            "Công ty TNHH Khánh Huy",
            None,
            None,
        ],
        [
            "51C-678.90",
            "Đầu kéo",
            "Đã bán",
            "Hino",
            2010,
            None,
            None,
            None,
            None,
            "Unicon",
            None,
            None,
        ],
        [
            "51C-555.55",
            "Đầu kéo",
            "Đang hoạt động",
            "Howo",
            2020,
            "Trần Văn Bình",
            "01/08/2027",
            None,
            None,
            "Macs Logistic",
            None,
            "1,200,000",
        ],
        [
            "51C 12345",
            "Đầu kéo",
            "Đang hoạt động",
            "Hyundai",
            2018,
            None,
            None,
            None,
            None,
            "Unicon",
            None,
            None,
        ],
        [
            "51C-777.77",
            "Xe đầu kéo",
            None,
            None,
            None,
            "Hoàng Văn Ẩn",
            None,
            None,
            None,
            "Unicon",
            None,
            "1200000đ",
        ],
    ]
    if with_errors:
        vehicles.append(["ABC-123", "Đầu kéo", "", "", "", "", None, None, None, "Unicon"])
        vehicles.append(["51C-888.88", "Xe tải", "", "", "", "", None, None, None, "Unicon"])
    _sheet(
        book,
        "Thông tin xe",
        [
            "Biển số",
            "Loại xe",
            "Tình trạng",
            "Xuất xứ",
            "Năm SX",
            "Tài xế",
            "Hạn đăng kiểm",
            "Hạn bảo hiểm TNDS",
            "Hạn phù hiệu",
            "Công ty",
            "Ngày bảo dưỡng gần nhất",
            "Chi phí bảo dưỡng",
        ],
        vehicles,
    )
    orders = [
        [
            "ANPHAT",
            "DH-001",
            "15/03/2024",
            "Cát Lái - VSIP",
            "Cảng Cát Lái",
            "KCN VSIP 1",
            "51C-123.45",
            "Nguyễn Văn An",
            "MSKU1234565",
            "40HC",
        ],
        [
            "Công ty TNHH An Phát",
            "DH-002",
            45366,
            "",
            "Cảng Cát Lái",
            "Kho Sóng Thần",
            None,
            None,
            "ABCD1234567",
            "20",
        ],
        [
            "cong ty cp thep mien nam",
            "DH-003",
            ORDER_SHIFTED,
            "",
            "Depot Phước Long",
            "cảng cát lái",
            None,
            None,
            None,
            None,
        ],
        [
            "ANPHAT",
            "dh-001",
            "15/03/2024",
            "",
            "Cảng Cát Lái",
            "KCN VSIP 1",
            None,
            None,
            None,
            None,
        ],
    ]
    if with_errors:
        orders.append(["Khách lạ", "DH-004", "16/03/2024", "", "Cảng Cát Lái", "KCN VSIP 1"])
        orders.append(["ANPHAT", "DH-005", "hôm qua", "", "Cảng Cát Lái", "KCN VSIP 1"])
    _sheet(
        book,
        "Thông tin đơn hàng",
        [
            "Khách hàng",
            "Mã đơn hàng",
            "Ngày",
            "Tuyến đường",
            "Nơi đóng hàng",
            "Nơi hạ hàng",
            "Biển số xe",
            "Tài xế",
            "Số container",
            "Loại cont",
        ],
        orders,
    )
    _fuel_sheet(book, with_errors)
    _repair_sheet(book, with_errors)
    _sheet(
        book,
        "Khoảng cách",
        ["Điểm đi", "Điểm đến", "Số km"],
        [["Cát Lái", "VSIP", "32 km"], ["KCN VSIP 1", "Cảng Cát Lái", 32]],  # the same pair
    )
    _sheet(
        book,
        "Giá cước vận chuyển",
        ["Tuyến", "Loại cont", "Đơn giá"],
        [
            ["Cát Lái - VSIP", "40HC", "3.200.000"],
            ["Cat Lai – vsip", "40 HC", "3,200,000"],  # the same rate: a duplicate
            ["Cát Lái → Kho Lạ", "20", "1.500.000đ"],  # unknown place: not imported, warned
        ],
    )
    _sheet(book, "Sheet1", ["ghi chú"], [["nháp"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FUEL_HEADERS = [
    "STT",
    "Ngày đổ",
    "Giờ",
    "Biển số xe",
    "Lái xe",
    "Số lít",
    "Đơn giá",
    "Thành tiền",
    "Km",
    "Cây xăng",
    "Ghi chú",
]


def _fuel_sheet(book, with_errors: bool) -> None:
    """Fills as the company logs them: comma decimals, money with dots, a serial date, a
    datetime cell, a date-time text, a UTC-shifted midnight, drivers by name or phone, two of
    the three figures only, the same fill typed twice."""
    rows = [
        [
            1,
            "01/03/2024",
            "07:30",
            "51C-123.45",
            "Nguyễn Văn An",
            "250,5",
            "21.500",
            "5.385.750",
            152340,
            "Petrolimex 15",
            "đổ đầy",
        ],
        [2, 45353, None, "51c 123.45", "+84 912 345 678", 300, 21500, None, 153000, None, None],
        [],
        [
            3,
            dt.datetime(2024, 3, 4, 8, 15),
            None,
            "51C-555.55",
            "Trần Văn Bình",
            None,
            "21,600",
            "4.320.000",
            None,
            "PVOil Cát Lái",
            None,
        ],
        [
            4,
            "05/03/2024 14:00",
            None,
            "51C 555 55",
            "Bình",
            "180.25",
            21600,
            3893400,
            None,
            None,
            None,
        ],
        [
            5,
            dt.datetime(2024, 3, 5, 17, 0),
            None,
            "51C-777.77",
            "Hoàng Văn Ẩn",
            200,
            None,
            "4.300.000đ",
            None,
            None,
            None,
        ],
        [
            6,
            "01/03/2024",
            "7h30",
            "51C12345",
            "Nguyễn Văn An",
            "250.5",
            "21500",
            "5385750",
            152340,
            None,
            "nhập trùng",
        ],
    ]
    if with_errors:
        rows += [
            [7, "07/03/2024", None, "51R-012.34", None, 100, "21.500", None, None, None, None],
            [
                8,
                "08/03/2024",
                None,
                "51C-123.45",
                None,
                200,
                "21.500",
                "4.500.000",
                None,
                None,
                None,
            ],
            [9, "08/03/2024", None, "51C-999.99", None, 200, "21.500", None, None, None, None],
            [10, "01/01/2099", None, "51C-123.45", None, 200, "21.500", None, None, None, None],
        ]
    _sheet(book, "Quản lý xăng dầu", FUEL_HEADERS, rows, title_row="SỔ ĐỔ DẦU THÁNG 3/2024")


def _repair_sheet(book, with_errors: bool) -> None:
    """Repairs: parts with quantity × price, labour by amount only, a comma quantity, the
    same repair typed twice in another spelling."""
    rows = [
        [
            "02/03/2024",
            "51C-123.45",
            "Thay lốp",
            "Phụ tùng",
            2,
            "2.400.000",
            "4.800.000đ",
            "Gara Minh Phát",
            152500,
        ],
        [
            45354,
            "51c 555.55",
            "Tiền công thay lốp",
            None,
            None,
            None,
            "350,000",
            "Gara Minh Phát",
            None,
        ],
        [
            "04/03/2024",
            "51C-777.77",
            "Thay nhớt máy",
            None,
            "20,5",
            "95.000",
            "1.947.500",
            None,
            None,
        ],
        ["02/03/2024", "51C 12345", "thay lop", None, 2, None, 4800000, None, None],
    ]
    if with_errors:
        rows += [
            [
                "05/03/2024",
                "51C-123.45",
                "Thay má phanh",
                None,
                2,
                "1.000.000",
                "2.500.000",
                None,
                None,
            ],
            ["32/03/2024", "51C-123.45", "Rửa xe", None, None, None, "100.000", None, None],
        ]
    _sheet(
        book,
        "Thông tin sửa chữa xe",
        [
            "Ngày",
            "Biển số",
            "Nội dung sửa chữa",
            "Loại",
            "SL",
            "Đơn giá",
            "Thành tiền",
            "Gara",
            "Số km",
        ],
        rows,
    )

"""Demo customers and one user of every role (loaded by `unicon seed-demo`)."""

from unicon.accounts import services
from unicon.core.roles import Role
from unicon.customers.models import Customer, PaymentTermUnit, StatementCycle

CUSTOMERS = [
    ("APT", "Công ty TNHH An Phát Thịnh", 30, PaymentTermUnit.DAYS, StatementCycle.MONTHLY_25),
    (
        "VNM",
        "Công ty CP Sữa Việt Nam (Vinamilk)",
        1,
        PaymentTermUnit.MONTHS,
        StatementCycle.MONTHLY_30,
    ),
    ("MACSTAR", "MACSTAR HCM", 25, PaymentTermUnit.DAYS, StatementCycle.BIMONTHLY),
]

USERS = [
    ("admin@unicon.local", "Quản trị viên", Role.ADMIN, None),
    ("ops@unicon.local", "Nguyễn Thị Vận Hành", Role.OPS, None),
    ("dispatcher@unicon.local", "Trần Văn Điều Phối", Role.DISPATCHER, None),
    ("accounting@unicon.local", "Lê Thị Kế Toán", Role.ACCOUNTING, None),
    ("owner@anphatthinh.local", "Chủ hàng An Phát Thịnh", Role.CUSTOMER_OWNER, "APT"),
    ("ops@anphatthinh.local", "Vận hành An Phát Thịnh", Role.CUSTOMER_OPS, "APT"),
    ("owner@vinamilk.local", "Chủ hàng Vinamilk", Role.CUSTOMER_OWNER, "VNM"),
    ("owner@macstar.local", "Chủ hàng MACSTAR", Role.CUSTOMER_OWNER, "MACSTAR"),
]


def load(password: str) -> None:
    customers = {
        code: Customer.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "payment_term": term,
                "payment_term_unit": unit,
                "statement_cycle": cycle,
            },
        )[0]
        for code, name, term, unit, cycle in CUSTOMERS
    }
    for email, name, role, customer in USERS:
        services.create_user(
            email=email,
            full_name=name,
            role=role,
            password=password,
            customer=customers.get(customer),
        )

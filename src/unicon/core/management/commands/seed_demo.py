"""Demo data for a new installation: customers and one user of every role."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from unicon.accounts import services
from unicon.accounts.models import User
from unicon.core.commands import ServiceCommand
from unicon.core.roles import Role
from unicon.customers.models import Customer, PaymentTermUnit, StatementCycle

DEMO_PASSWORD = "unicon-demo-2026"  # demo data only; refused in production

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
    ("driver@unicon.local", "Phạm Văn Tài", Role.DRIVER, None),
    ("owner@anphatthinh.local", "Chủ hàng An Phát Thịnh", Role.CUSTOMER_OWNER, "APT"),
    ("ops@anphatthinh.local", "Vận hành An Phát Thịnh", Role.CUSTOMER_OPS, "APT"),
    ("owner@vinamilk.local", "Chủ hàng Vinamilk", Role.CUSTOMER_OWNER, "VNM"),
]


class Command(ServiceCommand):
    help = "Load demo customers and one user of each role (password: %s)." % DEMO_PASSWORD

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when users already exist"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Database already has users; demo data not loaded.")
            return
        with transaction.atomic():
            customers = {
                code: Customer.objects.create(
                    code=code,
                    name=name,
                    payment_term=term,
                    payment_term_unit=unit,
                    statement_cycle=cycle,
                )
                for code, name, term, unit, cycle in CUSTOMERS
            }
            for email, name, role, customer in USERS:
                services.create_user(
                    email=email,
                    full_name=name,
                    role=role,
                    password=DEMO_PASSWORD,
                    customer=customers.get(customer),
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Log in as admin@unicon.local / {DEMO_PASSWORD}")
        )

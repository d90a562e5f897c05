"""Demo billing (loaded by `unicon seed-demo` after dispatch delivered the past shipments):
the extra-charge catalogue, a company-default IMPORT tariff and one customer's EXPORT tariff,
the legal entities' invoice series, freight charges priced from those tariffs (the other
delivered shipments show "no tariff"), extras and a disbursement with its receipt, and for the
customer with the most priced shipments a confirmed statement, an issued invoice half paid
(with the bank's transfer slip), and two opening balances from before go-live."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils import timezone

from unicon.accounts.models import User
from unicon.billing import invoices, invoicing, payments, receivables, services
from unicon.billing.models import (
    BillingProfile,
    Charge,
    ChargeKind,
    ChargeType,
    PaymentMethod,
    Tariff,
)
from unicon.core.roles import Role
from unicon.customers.models import Customer
from unicon.fleet.models import LegalEntity
from unicon.pods.demo import _pdf
from unicon.shipments.models import OperationStatus, Shipment

#: (code, name, default VAT, disbursement)
CHARGE_TYPES = [
    ("lift-on-off", "Nâng hạ container", "8", False),
    ("storage", "Lưu bãi", "8", False),
    ("detention", "Lưu container (DEM/DET)", "8", False),
    ("waiting", "Phí chờ đợi", "8", False),
    ("extra-stop", "Thêm điểm giao/nhận", "8", False),
    ("weighing", "Cân xe", "8", False),
    ("overnight", "Phí qua đêm", "8", False),
    ("port-fee", "Phí hạ tầng cảng (chi hộ)", "NS", True),
    ("toll", "Phí cầu đường (chi hộ)", "NS", True),
]


def load(password: str) -> None:
    accounting = User.objects.filter(email="accounting@unicon.local").first()
    delivered = list(
        Shipment.objects.filter(operation_status=OperationStatus.DELIVERED)
        .select_related("customer")
        .order_by("actual_end", "id")
    )
    if accounting is None or not delivered:
        return
    for code, name, vat, disbursement in CHARGE_TYPES:
        ChargeType.objects.get_or_create(
            code=code, defaults={"name": name, "default_vat": vat, "is_disbursement": disbursement}
        )
    for n, entity in enumerate(LegalEntity.objects.order_by("id")):
        BillingProfile.objects.get_or_create(
            legal_entity=entity,
            defaults={
                "invoice_series": f"C{timezone.localdate():%y}T{'UK'[n % 2]}A"[:6],
                "bank_account": f"0071000{n}23456",
                "bank_name": "Vietcombank — CN TP.HCM",
            },
        )
    start = dt.date(timezone.localdate().year - 1, 1, 1)
    Tariff.objects.get_or_create(
        customer=None,
        shipment_type="IMPORT",
        defaults={"price": 2_200_000, "vat_rate": "8", "valid_from": start},
    )
    Tariff.objects.get_or_create(
        customer=delivered[0].customer,
        shipment_type="EXPORT",
        defaults={"price": 2_650_000, "vat_rate": "8", "valid_from": start},
    )
    for n, shipment in enumerate(delivered):
        if services.price_shipment(shipment, accounting) is not None and n % 2 == 0:
            services.create_charge(
                accounting,
                {
                    "shipment_id": shipment.public_id,
                    "charge_type": "lift-on-off",
                    "quantity": 2,
                    "unit_price": 350_000,
                },
            )
    _invoice_one_customer(accounting)


def _invoice_one_customer(accounting: User) -> None:
    top = (
        Charge.objects.filter(kind=ChargeKind.FREIGHT)
        .values("shipment__customer__public_id", "shipment__customer__code")
        .annotate(n=Count("id"))
        .order_by("-n", "shipment__customer__code")  # ties: the same customer every time
        .first()
    )
    if top is None:
        return
    customer_id = top["shipment__customer__public_id"]
    first = Shipment.objects.filter(customer__public_id=customer_id, charges__isnull=False).first()
    disbursement = services.create_charge(
        accounting,
        {
            "shipment_id": first.public_id,
            "kind": ChargeKind.DISBURSEMENT,
            "charge_type": "port-fee",
            "unit_price": 250_000,
        },
    )
    services.attach_receipt(
        accounting,
        disbursement.public_id,
        SimpleUploadedFile("bien-lai-phi-cang.pdf", _pdf("Bien lai phi ha tang cang 250.000")),
    )
    ends = Shipment.objects.filter(customer__public_id=customer_id, charges__isnull=False)
    days = [timezone.localdate(s.actual_end) for s in ends if s.actual_end]
    statement = invoicing.build_statement(accounting, customer_id, min(days), max(days))
    invoicing.move_statement(accounting, statement.public_id, "send")
    owner = User.objects.get(customer__public_id=customer_id, role=Role.CUSTOMER_OWNER)
    invoicing.move_statement(owner, statement.public_id, "confirm")  # only the owner confirms
    invoice = invoices.create_invoice(accounting, {"statement_id": statement.public_id})
    invoices.issue_invoice(accounting, invoice.public_id)
    invoice.refresh_from_db()
    payments.record_payment(
        accounting,
        {
            "customer_id": customer_id,
            "paid_on": timezone.localdate(),
            "amount": invoice.total // 2,
            "method": PaymentMethod.BANK_TRANSFER,
            "bank_reference": "UNC 0012345",
            "allocations": None,
        },
        [SimpleUploadedFile("unc-0012345.pdf", _pdf("UNC 0012345"))],
    )
    _opening_balances(accounting)


def _opening_balances(accounting: User) -> None:
    """Debts from before go-live for the other customers, one of them long overdue."""
    today = timezone.localdate()
    for n, customer in enumerate(
        Customer.objects.filter(receivables__isnull=True).order_by("code")[:2]
    ):
        month = (today.replace(day=1) - dt.timedelta(days=40 + 60 * n)).strftime("%Y-%m")
        receivables.create_opening_balance(
            accounting,
            {
                "customer_id": customer.public_id,
                "month": month,
                "amount": 18_500_000 + 4_200_000 * n,
                "reference": f"Bảng kê tháng {month} (Excel)",
            },
        )

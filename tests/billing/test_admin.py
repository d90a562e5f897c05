"""The billing admin: ADMIN edits the charge catalogue and sellers' invoice data; money rows
are read-only there."""

from django.test import Client

from tests.billing.conftest import charges_of
from unicon.billing.models import BillingProfile, Charge, ChargeType
from unicon.core.roles import Role


def test_admin_edits_catalogue_and_profiles_and_only_reads_money(
    make_user, accounting, seller, tariff, delivered
):
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    charge_type = ChargeType.objects.create(code="storage", name="Lưu bãi")
    profile = BillingProfile.objects.create(legal_entity=seller, invoice_series="C26TUA")
    for model, obj in [("billing/chargetype", charge_type), ("billing/billingprofile", profile)]:
        for path in ("", "add/", f"{obj.pk}/change/"):
            assert client.get(f"/admin/{model}/{path}").status_code == 200, (model, path)
    charge = charges_of(accounting, delivered())[0]
    pk = Charge.objects.get(public_id=charge["id"]).pk
    assert client.get("/admin/billing/charge/").status_code == 200
    assert client.get("/admin/billing/charge/add/").status_code == 403
    response = client.post(f"/admin/billing/charge/{pk}/change/", {"unit_price": 1})
    assert response.status_code == 403 or Charge.objects.get(pk=pk).unit_price == 2_500_000
    for model in ("tariff", "statement", "invoice", "receivable", "payment"):
        assert client.get(f"/admin/billing/{model}/").status_code == 200, model

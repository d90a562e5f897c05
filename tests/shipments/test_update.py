import pytest

from unicon.core.models import AuditEntry
from unicon.core.roles import Role
from unicon.shipments.models import ShipmentEvent, Stop

from .conftest import body


def _put(client, shipment, version=None, headers=None, **overrides):
    data = body(**overrides)
    if version is not None:
        data["version"] = version
    return client.put(f"/api/shipments/{shipment.public_id}", data, headers=headers)


def test_ops_edit_replaces_stops_and_bumps_version(ops_api, shipment_in):
    shipment = shipment_in("PENDING")
    old_stop_ids = set(Stop.objects.filter(shipment=shipment).values_list("pk", flat=True))
    response = _put(ops_api, shipment, version=shipment.version, priority="URGENT")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["type"] == "EXPORT"
    assert data["priority"] == "URGENT"
    assert data["version"] == shipment.version + 1
    assert data["stops"][0]["category"] == "PICKUP_EMPTY"
    assert not Stop.objects.filter(pk__in=old_stop_ids).exists()
    event = ShipmentEvent.objects.filter(shipment=shipment, kind="EDIT").get()
    assert "priority" in event.data["fields"]
    assert AuditEntry.objects.filter(action="shipment.update", object_id=str(shipment.pk)).exists()


def test_if_match_header(ops_api, shipment_in):
    shipment = shipment_in()
    response = _put(ops_api, shipment, headers={"If-Match": f'"{shipment.version}"'})
    assert response.status_code == 200, response.content


def test_stale_version_conflicts_and_changes_nothing(ops_api, shipment_in):
    shipment = shipment_in()
    assert _put(ops_api, shipment, version=shipment.version).status_code == 200
    response = _put(ops_api, shipment, version=shipment.version, priority="LOW")
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"version": shipment.version + 1}
    shipment.refresh_from_db()
    assert shipment.priority == "NORMAL"


def test_version_required(ops_api, shipment_in):
    shipment = shipment_in()
    response = _put(ops_api, shipment)
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"version": ["required"]}


def test_invalid_edit_changes_nothing(ops_api, shipment_in):
    shipment = shipment_in()
    stops_before = list(Stop.objects.filter(shipment=shipment).values_list("pk", "location_name"))
    response = _put(ops_api, shipment, version=1, containerNumber="CSQU3054384")
    assert response.status_code == 400
    shipment.refresh_from_db()
    assert shipment.version == 1
    assert shipment.container_number == ""
    assert list(Stop.objects.filter(shipment=shipment).values_list("pk", "location_name")) == (
        stops_before
    )
    assert not ShipmentEvent.objects.filter(shipment=shipment, kind="EDIT").exists()


@pytest.mark.parametrize("status", ["DISPATCHED", "IN_TRANSIT", "DELIVERED", "CANCELLED"])
def test_no_internal_edit_once_dispatched(ops_api, shipment_in, status):
    shipment = shipment_in(status)
    response = _put(ops_api, shipment, version=shipment.version)
    assert response.status_code == 409


def test_owning_customer_edits_own_draft_only(owner_api, shipment_in):
    draft = shipment_in()
    response = _put(owner_api, draft, version=draft.version)
    assert response.status_code == 200, response.content
    pending = shipment_in("PENDING")
    assert _put(owner_api, pending, version=pending.version).status_code == 409


@pytest.mark.parametrize("role", [Role.DISPATCHER, Role.ACCOUNTING])
def test_other_internal_roles_may_not_edit(role, make_user, api_login, shipment_in):
    shipment = shipment_in()
    response = _put(api_login(make_user(role)), shipment, version=shipment.version)
    assert response.status_code == 403


def test_admin_edits(admin_api, shipment_in):
    shipment = shipment_in("PENDING")
    assert _put(admin_api, shipment, version=shipment.version).status_code == 200

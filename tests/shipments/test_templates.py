import pytest

from unicon.core.models import AuditEntry
from unicon.core.roles import Role

from .conftest import body

EXPORT_STOPS = [
    {
        "sequence": 1,
        "category": "PICKUP_EMPTY",
        "stopType": "DEPOT",
        "label": "Empty",
        "requiredPhotos": ["CONTAINER_EXTERIOR"],
    },
    {
        "sequence": 2,
        "category": "WAREHOUSE_LOAD",
        "stopType": "PICKUP",
        "label": "Load",
        "requiredPhotos": ["WEIGHT_TICKET"],
    },
    {
        "sequence": 3,
        "category": "PORT_DELIVERY",
        "stopType": "PORT",
        "label": "Port",
        "requiredPhotos": [],
    },
]


@pytest.mark.parametrize("role", [Role.DRIVER, Role.ACCOUNTING, Role.CUSTOMER_OWNER, Role.OPS])
def test_any_logged_in_user_reads_the_seeded_templates(role, make_user, api_login):
    response = api_login(make_user(role)).get("/api/stop-templates")
    assert response.status_code == 200, response.content
    templates = {t["code"]: t for t in response.json()}
    assert set(templates) >= {"EXPORT", "IMPORT"}
    export = templates["EXPORT"]["stops"]
    assert [(s["sequence"], s["category"], s["stopType"]) for s in export] == [
        (1, "PICKUP_EMPTY", "DEPOT"),
        (2, "WAREHOUSE_LOAD", "PICKUP"),
        (3, "PORT_DELIVERY", "PORT"),
    ]
    assert export[1]["requiredPhotos"] == ["WAREHOUSE_GATE_PASS", "WEIGHT_TICKET"]
    imp = templates["IMPORT"]["stops"]
    assert [s["requiredPhotos"] for s in imp] == [
        ["PORT_GATE_PASS"],
        ["WAREHOUSE_GATE_PASS", "WEIGHT_TICKET"],
        ["PORT_GATE_PASS", "CONTAINER_EXTERIOR", "CONTAINER_INTERIOR"],
    ]


def test_admin_edits_template_and_new_shipments_use_it(admin_api, create):
    response = admin_api.put("/api/stop-templates/EXPORT", {"stops": EXPORT_STOPS})
    assert response.status_code == 200, response.content
    assert response.json()["stops"][0]["requiredPhotos"] == ["CONTAINER_EXTERIOR"]
    assert AuditEntry.objects.filter(action="stop_template.save").exists()
    stops = create()["stops"]
    assert [s["requiredPhotos"] for s in stops] == [["CONTAINER_EXTERIOR"], ["WEIGHT_TICKET"], []]


def test_admin_adds_a_new_type(admin_api, ops_api, company):
    stops = [
        {
            "sequence": 1,
            "stopType": "PORT",
            "category": "PORT_PICKUP",
            "requiredPhotos": ["PORT_GATE_PASS"],
        },
        {"sequence": 2, "stopType": "PORT", "category": "PORT_DELIVERY"},
    ]
    response = admin_api.put(
        "/api/stop-templates/PORT_SHUTTLE", {"name": "Port shuttle", "stops": stops}
    )
    assert response.status_code == 200, response.content
    response = ops_api.post(
        "/api/shipments",
        body(
            type="PORT_SHUTTLE",
            customerId=str(company.public_id),
            stops=[{"locationName": "Cát Lái"}, {"locationName": "Hiệp Phước"}],
        ),
    )
    assert response.status_code == 201, response.content
    assert response.json()["type"] == "PORT_SHUTTLE"
    # Deactivated types cannot be used for new shipments.
    admin_api.put("/api/stop-templates/PORT_SHUTTLE", {"isActive": False, "stops": stops})
    response = ops_api.post(
        "/api/shipments",
        body(
            type="PORT_SHUTTLE",
            customerId=str(company.public_id),
            stops=[{"locationName": "Cát Lái"}, {"locationName": "Hiệp Phước"}],
        ),
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {"stops": [{**EXPORT_STOPS[0], "requiredPhotos": ["SELFIE"]}]},
        {"stops": []},
        {"stops": [EXPORT_STOPS[0], {**EXPORT_STOPS[2], "sequence": 3}]},
        {"stops": [{**EXPORT_STOPS[0], "stopType": "BOAT"}]},
    ],
)
def test_invalid_template_changes_nothing(admin_api, payload):
    response = admin_api.put("/api/stop-templates/EXPORT", payload)
    assert response.status_code == 400, response.content
    export = next(t for t in admin_api.get("/api/stop-templates").json() if t["code"] == "EXPORT")
    assert len(export["stops"]) == 3
    assert export["stops"][0]["requiredPhotos"][0] == "CONTAINER_EXTERIOR"
    assert len(export["stops"][0]["requiredPhotos"]) == 3


def test_new_template_needs_valid_code_and_name(admin_api):
    stops = [EXPORT_STOPS[0]]
    assert admin_api.put("/api/stop-templates/NEWTYPE", {"stops": stops}).status_code == 400
    response = admin_api.put("/api/stop-templates/bad code!", {"name": "x", "stops": stops})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("role", [Role.OPS, Role.DISPATCHER, Role.CUSTOMER_OWNER])
def test_only_admin_edits_templates(role, make_user, api_login, company):
    client = api_login(make_user(role, customer=company if role.startswith("CUSTOMER") else None))
    assert client.put("/api/stop-templates/EXPORT", {"stops": EXPORT_STOPS}).status_code == 403
    response = client.put(
        f"/api/customers/{company.public_id}/stop-templates/EXPORT",
        {"stops": [{"sequence": 1, "requiredPhotos": []}]},
    )
    assert response.status_code == 403


def test_customer_override_of_required_photos(
    admin_api, owner_api, ops_api, company, other_company
):
    response = admin_api.put(
        f"/api/customers/{company.public_id}/stop-templates/EXPORT",
        {"stops": [{"sequence": 1, "requiredPhotos": ["CONTAINER_EXTERIOR"]}]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["stops"][0]["customerRequiredPhotos"] == ["CONTAINER_EXTERIOR"]
    assert response.json()["stops"][1]["customerRequiredPhotos"] is None
    assert AuditEntry.objects.filter(action="stop_template.customer_override").exists()

    # The customer's own request and an internal one for them both use the override…
    mine = owner_api.post("/api/shipments", body(confirmContainer=True)).json()
    assert mine["stops"][0]["requiredPhotos"] == ["CONTAINER_EXTERIOR"]
    assert mine["stops"][1]["requiredPhotos"] == ["WAREHOUSE_GATE_PASS", "WEIGHT_TICKET"]
    internal = ops_api.post(
        "/api/shipments", body(customerId=str(company.public_id), confirmContainer=True)
    ).json()
    assert internal["stops"][0]["requiredPhotos"] == ["CONTAINER_EXTERIOR"]
    # …other customers keep the default.
    theirs = ops_api.post(
        "/api/shipments", body(customerId=str(other_company.public_id), confirmContainer=True)
    ).json()
    assert len(theirs["stops"][0]["requiredPhotos"]) == 3

    # The customer sees their override; ops see it when asking for that customer.
    export = next(t for t in owner_api.get("/api/stop-templates").json() if t["code"] == "EXPORT")
    assert export["stops"][0]["customerRequiredPhotos"] == ["CONTAINER_EXTERIOR"]
    export = next(
        t
        for t in ops_api.get("/api/stop-templates", {"customer": str(company.public_id)}).json()
        if t["code"] == "EXPORT"
    )
    assert export["stops"][0]["customerRequiredPhotos"] == ["CONTAINER_EXTERIOR"]

    # Not listing a stop any more restores the default.
    response = admin_api.put(
        f"/api/customers/{company.public_id}/stop-templates/EXPORT", {"stops": []}
    )
    assert response.json()["stops"][0]["customerRequiredPhotos"] is None


def test_override_errors(admin_api, company):
    base = f"/api/customers/{company.public_id}/stop-templates"
    assert admin_api.put(f"{base}/NOPE", {"stops": []}).status_code == 404
    response = admin_api.put(
        "/api/customers/00000000-0000-0000-0000-000000000000/stop-templates/EXPORT",
        {"stops": []},
    )
    assert response.status_code == 404
    response = admin_api.put(f"{base}/EXPORT", {"stops": [{"sequence": 9, "requiredPhotos": []}]})
    assert response.status_code == 400
    response = admin_api.put(
        f"{base}/EXPORT", {"stops": [{"sequence": 1, "requiredPhotos": ["X"]}]}
    )
    assert response.status_code == 400

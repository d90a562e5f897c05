"""Text the system writes itself reads in the reader's language, Vietnamese and English alike:
stop labels pre-filled from templates (as the saved shipment shows them), history notes with
names in them (stored as message id + parameters, not as finished sentences), API stop labels
and history, the name of a background export, and the names of vehicle and driver papers."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from tests.conftest import PASSWORD
from tests.pods.conftest import jpeg_bytes
from tests.web.test_vietnamese_pages import visible_text
from unicon.core.roles import Role
from unicon.dispatch import services as dispatch_services
from unicon.dispatch import trips
from unicon.fleet.models import VehicleType
from unicon.pods import services as pod_services
from unicon.shipments import services as shipment_services
from unicon.shipments.models import Shipment, ShipmentEvent

LABELS = {
    "vi": ("Lấy container rỗng", "Đóng hàng tại kho", "Hạ container tại cảng"),
    "en": ("Pick up empty container", "Warehouse loading", "Deliver to port"),
}

#: The three stops of a built-in type's template (EXPORT, IMPORT), named.
PLACES = [
    {"location_name": "Cảng Cát Lái"},
    {"location_name": "Kho Bình Dương"},
    {"location_name": "Depot Phước Long"},
]


def client_in(user, language: str) -> Client:
    """A browser of `user` with `language` picked in the header's menu (the cookie) and sent
    as Accept-Language."""
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def other(language: str) -> str:
    return "en" if language == "vi" else "vi"


@pytest.fixture
def ops(make_user):
    return make_user(Role.OPS, full_name="Lê Văn Ops")


# --------------------------------------------------------------------------- stop labels


@pytest.mark.parametrize("language", ["vi", "en"])
def test_new_shipment_forms_prefill_template_labels_in_the_readers_language(
    ops, make_user, make_customer, language
):
    customer = make_customer()
    owner = make_user(Role.CUSTOMER_OWNER, customer=customer)
    for user, url in ((ops, "/ops/shipments/new/"), (owner, "/customer/shipments/new/")):
        page = client_in(user, language).get(url).content.decode()
        for label in LABELS[language]:
            assert f'value="{label}"' in page, (url, label)
        for label in LABELS[other(language)]:
            assert label not in page, (url, label)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_prefilled_label_saved_unchanged_reads_in_every_language(ops, make_customer, language):
    customer = make_customer()
    client = client_in(ops, language)
    d = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    form = {
        "customer_id": str(customer.public_id),
        "shipment_type": "EXPORT",
        "priority": "NORMAL",
        "planned_start": f"{d}T08:00",
        "planned_end": f"{d}T18:00",
        "stop_count": "3",
        "op": "save",
    }
    for i, label in enumerate(LABELS[language]):  # what the pre-filled form sends back
        form |= {f"stop-{i}-location_name": f"Nơi {i}", f"stop-{i}-label": label}
    form |= {"stop-0-stop_type": "DEPOT", "stop-1-stop_type": "PICKUP"}
    form |= {"stop-2-stop_type": "PORT"}
    assert client.post("/ops/shipments/new/", form).status_code == 302
    shipment = Shipment.objects.order_by("-id").first()
    assert list(shipment.stops.values_list("label", flat=True)) == list(LABELS["en"])
    for reader in ("vi", "en"):
        page = client_in(ops, reader).get(f"/ops/shipments/{shipment.public_id}/")
        text = visible_text(page.content.decode())
        for label in LABELS[reader]:
            assert label in text, (reader, label)
        edit = client_in(ops, reader).get(f"/ops/shipments/{shipment.public_id}/edit/")
        assert f'value="{LABELS[reader][0]}"' in edit.content.decode()


def _tomorrow(ops, customer, shipment_type: str, stops: list[dict]):
    """A shipment (setup) planned tomorrow, 8 hours long."""
    return shipment_services.create_shipment(
        ops,
        {
            "customer_id": customer.public_id,
            "shipment_type": shipment_type,
            "planned_start": timezone.now() + dt.timedelta(days=1),
            "planned_end": timezone.now() + dt.timedelta(days=1, hours=8),
            "stops": stops,
        },
    )


def test_a_typed_label_stays_as_typed(ops, make_customer):
    stops = [{"location_name": "Kho A", "label": "Giao hàng tận tay"}, *PLACES[1:]]
    shipment = _tomorrow(ops, make_customer(), "EXPORT", stops)
    assert shipment.stops.first().label == "Giao hàng tận tay"
    page = client_in(ops, "en").get(f"/ops/shipments/{shipment.public_id}/").content.decode()
    assert "Giao hàng tận tay" in page


# --------------------------------------------------------------------------- history


@pytest.fixture
def lived(ops, make_user, make_customer, make_vehicle, make_driver, settings):
    """An export written while the server spoke English (as `unicon seed-demo` does):
    dispatched, started, checked in at its first stop, with a port gate pass photo."""
    settings.LANGUAGE_CODE = "en"
    driver = make_driver(user=make_user(Role.DRIVER, full_name="Nguyễn Văn Hùng"))
    tractor, trailer = make_vehicle(VehicleType.TRACTOR), make_vehicle(VehicleType.TRAILER)
    start = timezone.now() - dt.timedelta(hours=1)
    with translation.override("en"):
        shipment = shipment_services.create_shipment(
            ops,
            {
                "customer_id": make_customer().public_id,
                "shipment_type": "EXPORT",
                "planned_start": start,
                "planned_end": start + dt.timedelta(hours=10),
                "stops": PLACES,
            },
        )
        shipment_services.change_status(ops, shipment.public_id, operation_status="PENDING")
        task = dispatch_services.dispatch(
            make_user(Role.DISPATCHER),
            shipment.public_id,
            driver_id=driver.public_id,
            tractor_id=tractor.public_id,
            trailer_id=trailer.public_id,
        )
        first = shipment.stops.order_by("sequence").first()
        trips.check_in(driver.user, task.public_id, first.public_id)
        pod_services.upload_pod(
            driver.user,
            shipment.public_id,
            SimpleUploadedFile("gate.jpg", jpeg_bytes(), content_type="image/jpeg"),
            stop_id=first.public_id,
            photo_type="PORT_GATE_PASS",
        )
    return shipment


HISTORY = {
    "vi": (
        "Đã phân công tài xế Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng đã bắt đầu chuyến.",
        "Đã đến Cảng Cát Lái.",
        "Đã tải ảnh lên: Phiếu qua cổng cảng (gate.jpg).",
    ),
    "en": (
        "Assigned driver Nguyễn Văn Hùng",
        "Trip started by Nguyễn Văn Hùng.",
        "Arrived at Cảng Cát Lái.",
        "Photo uploaded: Port gate pass (gate.jpg).",
    ),
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_history_reads_in_the_readers_language_whatever_it_was_written_in(ops, lived, language):
    page = client_in(ops, language).get(f"/ops/shipments/{lived.public_id}/")
    text = " ".join(visible_text(page.content.decode()).split())
    for line in HISTORY[language]:
        assert line in text, line
    for line in HISTORY[other(language)]:
        assert line not in text, line


@pytest.mark.parametrize("language", ["vi", "en"])
def test_api_history_and_stop_labels_follow_accept_language(ops, lived, language):
    client = client_in(ops, language)
    notes = [
        e["note"] for e in client.get(f"/api/shipments/{lived.public_id}/events").json()["items"]
    ]
    for line in HISTORY[language][1:]:
        assert line in notes, (line, notes)
    stored = ShipmentEvent.objects.filter(shipment=lived, note__startswith="Trip started by")
    assert stored.get().data["noteParams"] == {"driver": "Nguyễn Văn Hùng"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_api_built_in_stop_labels_follow_accept_language(ops, make_customer, language):
    shipment = _tomorrow(ops, make_customer(), "IMPORT", PLACES)
    body = client_in(ops, language).get(f"/api/shipments/{shipment.public_id}").json()
    expected = {"vi": "Lấy container tại cảng", "en": "Pick up container at port"}
    assert body["stops"][0]["label"] == expected[language]


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("language", ["vi", "en"])
def test_export_name_reads_in_the_readers_language(ops, language, settings):
    settings.HUEY = {**getattr(settings, "HUEY", {}), "immediate": False}
    browser = client_in(ops, other(language))  # started in the other language
    browser.get("/api/shipments?format=xlsx&async=1", headers={"accept": "text/html"})
    page = client_in(ops, language).get("/exports/").content.decode()
    name = {"vi": "Lô hàng", "en": "Shipments"}
    assert name[language] in visible_text(page)
    assert name[other(language)] not in visible_text(page)


def test_a_page_link_export_is_written_in_the_pages_language(ops, settings):
    settings.LANGUAGE_CODE = "vi"
    client = client_in(ops, "vi")
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # pages default to Vietnamese
    client.get(
        "/api/shipments?format=xlsx&async=1",
        headers={"accept": "text/html", "accept-language": "en"},
    )
    from unicon.dataio.models import ExportJob

    assert ExportJob.objects.get().language == "vi"


# --------------------------------------------------------------------------- papers


@pytest.mark.parametrize("language", ["vi", "en"])
def test_paper_names_read_in_the_readers_language(ops, make_vehicle, make_driver, language):
    today = timezone.localdate()
    make_vehicle(VehicleType.TRACTOR, inspection_expiry=today - dt.timedelta(days=5))
    make_driver(licence_expiry=today + dt.timedelta(days=10))
    names = {"vi": ("đăng kiểm", "bằng lái"), "en": ("inspection", "driving licence")}
    client = client_in(ops, language)
    vehicles = visible_text(client.get("/resources/vehicles/").content.decode())
    drivers = visible_text(client.get("/resources/drivers/").content.decode())
    assert names[language][0] in vehicles
    assert names[language][1] in drivers
    assert names[other(language)][0] not in vehicles
    assert names[other(language)][1] not in drivers

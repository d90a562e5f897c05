"""Bad input on the pages reads as people read it (tester's report on raw internals): every
refusal names the field by its label in the reader's language (Vietnamese first, English
available) — never a raw key (`customer_id`, `fullName`, `cursor`), a code (`malformed`, a
photo type's code), an API path or an ISO date; a text longer than its column is a form error
(not a 500, a database error on PostgreSQL or a cut value); a posted shipment version that
is missing or not a number is refused with the API's message, never replaced by the stored
one."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from tests.web.test_reader_language import client_in
from tests.web.test_vietnamese_pages import visible_text
from unicon.core.cursors import encode_cursor
from unicon.core.roles import Role
from unicon.dispatch.models import MAX_INSTRUCTIONS, DriverTask
from unicon.pods.models import PodFile
from unicon.shipments.models import OperationStatus, Shipment

#: What a person must never read on a page.
RAW = re.compile(
    r"\b(customer_id|full_name|fullName|cursor|Cursor|malformed|Limit|limit|If-Match|"
    r"PORT_GATE_PASS|WEIGHT_TICKET|OTHER|errorlist)\b|/api/|\* \w+"
)


def shown(response) -> str:
    """The page's visible text (a redirect followed)."""
    return visible_text(response.content.decode())


def assert_readable(text: str) -> None:
    raw = RAW.search(text)
    assert raw is None, (raw.group(0), text)


@pytest.fixture
def dispatcher_web(make_user, web):
    return web(make_user(Role.DISPATCHER))


def _crew(driver, tractor) -> dict:
    return {"driver_id": str(driver.public_id), "tractor_id": str(tractor.public_id)}


# --------------------------------------------------------------------------- 1. labels


@pytest.mark.parametrize(
    ("language", "label", "reason"),
    [("vi", "Họ và tên", "không được để trắng"), ("en", "Full name", "cannot be blank")],
)
def test_a_service_refusal_names_the_field_by_its_label(make_user, language, label, reason):
    """Was "fullName: This field cannot be blank." above the form, and nothing at the field."""
    admin = client_in(make_user(Role.ADMIN), language)
    page = admin.post(
        "/manage/users/", {"email": "new@example.com", "full_name": "", "role": "OPS"}
    )
    assert page.status_code == 400
    text = shown(page)
    assert f"{label}: " in text and reason in text
    assert_readable(text)
    html = page.content.decode()  # the reason is also under the full-name input
    assert re.search(r'id="u-name"[^>]*>\s*<p class="error">[^<]*' + reason, html)


@pytest.mark.parametrize(("language", "label"), [("vi", "Khách hàng"), ("en", "Customer")])
def test_a_form_checked_by_hand_names_its_fields(make_user, language, label):
    """Was "* customer_id * Select a valid choice…" (Django's `errors.as_text()`)."""
    accountant = client_in(make_user(Role.ACCOUNTING), language)
    page = accountant.post("/accounting/statements/", {"customer_id": "nope"}, follow=True)
    text = shown(page)
    assert f"{label}: " in text
    assert_readable(text)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.OPS, "/ops/shipments/"),
        (Role.CUSTOMER_OWNER, "/customer/"),
        (Role.OPS, "/resources/customers/"),
        (Role.OPS, "/resources/drivers/"),
        (Role.ADMIN, "/manage/users/"),
        (Role.ADMIN, "/audit/"),
        (Role.OPS, "/notifications/"),
        (Role.ACCOUNTING, "/accounting/payments/"),
        (Role.ACCOUNTING, "/costs/fuel/"),
        (Role.CUSTOMER_OWNER, "/customer/locations/"),
    ],
)
@pytest.mark.parametrize(
    "cursor", ["zzz", encode_cursor(["x", "y"]), encode_cursor(["2026-01-01", 10**30])]
)
def test_a_bad_page_link_is_one_readable_sentence(make_user, role, path, language, cursor):
    """Was "Invalid cursor Cursor: malformed" (the notifications page: a 500; a cursor of the
    right shape with other values: a 500 everywhere)."""
    page = client_in(make_user(role), language).get(path, {"cursor": cursor})
    assert page.status_code in (200, 400)
    text = shown(page)
    sentence = {
        "vi": "Liên kết trang này không còn dùng được",
        "en": "This page link is not valid any more",
    }[language]
    assert sentence in text
    assert_readable(text)


@pytest.mark.parametrize(
    ("language", "label"), [("vi", "Số dòng mỗi trang"), ("en", "Rows per page")]
)
def test_the_board_names_a_bad_row_count(make_user, language, label):
    """Was "Limit: Enter a whole number." on a Vietnamese page."""
    page = client_in(make_user(Role.DISPATCHER), language).get("/dispatcher/", {"limit": "abc"})
    text = shown(page)
    assert f"{label}: " in text
    assert_readable(text)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_status_refusal_on_the_customer_page_quotes_no_api_path(
    make_user, make_shipment, make_customer, language
):
    customer = make_customer()
    shipment = make_shipment(customer=customer, status=OperationStatus.PENDING)
    owner = client_in(make_user(Role.CUSTOMER_OWNER, customer=customer), language)
    url = f"/shipments/{shipment.public_id}/status/"
    for target in ("DRAFT", "DELIVERED"):
        text = shown(owner.post(url, {"operation_status": target}, follow=True))
        assert_readable(text)
        assert {"vi": "không phải bằng cách đổi trạng thái", "en": "not by a status change"}[
            language
        ] in text
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.PENDING


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_reason_written_as_english_words_is_not_shown(make_user, language):
    """A reason code written as English words (the dashboard's `dateTo: ["range too long"]`)
    is left to the message, which explains it, on every page that shows details."""
    admin = client_in(make_user(Role.ADMIN), language)
    page = admin.get("/dashboard/", {"date_from": "2020-01-01", "date_to": "2026-01-01"})
    assert page.status_code == 400
    text = shown(page)
    assert "range too long" not in text
    assert {"vi": "366", "en": "Choose at most 366 days."}[language] in text


def _jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def on_the_road(make_shipment, fleet, make_user, web):
    """A dispatched one-stop shipment whose stop needs a port gate pass and a weight ticket,
    its task and the driver's page client."""
    driver, tractor, _trailer = fleet
    shipment = make_shipment(stops=1)
    stop = shipment.stops.get()
    stop.required_photos = ["PORT_GATE_PASS", "WEIGHT_TICKET"]
    stop.save()
    assigned = web(make_user(Role.DISPATCHER)).post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor), "version": shipment.version},
    )
    assert assigned.status_code == 302
    return shipment, stop, DriverTask.objects.get(shipment=shipment), driver


@pytest.mark.parametrize(
    ("language", "labels"),
    [("vi", ("Phiếu qua cổng cảng", "Phiếu cân")), ("en", ("Port gate pass", "Weight ticket"))],
)
def test_a_photo_type_refusal_lists_the_labels_of_the_allowed_types(on_the_road, language, labels):
    shipment, stop, _task, driver = on_the_road
    client = client_in(driver.user, language)
    url = f"/driver/shipments/{shipment.public_id}/stops/{stop.public_id}/photo/"
    refused = client.post(url, {"photo_type": "CONTAINER_EXTERIOR", "file": _jpeg()}, follow=True)
    text = shown(refused)
    assert all(label in text for label in labels), text
    assert_readable(text)
    xhr = client.post(
        url,
        {"photo_type": "CONTAINER_EXTERIOR", "file": _jpeg()},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert xhr.status_code == 400 and labels[0] in xhr.content.decode()
    assert_readable(xhr.content.decode())


def test_a_locked_file_says_when_in_local_dd_mm_yyyy(on_the_road, web, make_user, api_login):
    shipment, stop, task, driver = on_the_road
    client = web(driver.user)
    base = f"/driver/tasks/{task.public_id}/stops/{stop.public_id}"
    client.post(f"{base}/check-in/")
    url = f"/driver/shipments/{shipment.public_id}/stops/{stop.public_id}/photo/"
    for kind in ("PORT_GATE_PASS", "WEIGHT_TICKET"):
        client.post(url, {"photo_type": kind, "file": _jpeg()})
    client.post(f"{base}/check-out/")
    pod = PodFile.objects.filter(stop=stop).first()
    assert pod.locked_at is not None
    answer = api_login(make_user(Role.OPS)).patch(f"/api/pods/{pod.public_id}", {"note": "x"})
    assert answer.status_code == 409
    message = answer.json()["error"]["message"]
    local = timezone.localtime(pod.locked_at)
    assert f"{local:%d/%m/%Y %H:%M}" in message, message
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message)


def test_an_unknown_detail_key_gets_a_generic_label_not_the_raw_key(settings):
    """The shared mechanism (`core.readable`): a key no page or common label knows."""
    from django.utils import translation

    from unicon.core import readable
    from unicon.core.errors import ValidationFailed

    refusal = ValidationFailed("Refused.", {"someInternalKey": ["Too big."], "cursor": ["bad"]})
    for language, generic in (("vi", "Giá trị khác"), ("en", "Other value")):
        with translation.override(language):
            text = readable.text(refusal)
            assert f"{generic}: " in text and "someInternalKey" not in text
            assert "bad" not in text  # a code is left to the message, which explains it


# --------------------------------------------------------------------------- 2. lengths


def _shipment_form(customer, **fields) -> dict:
    start = timezone.localdate() + dt.timedelta(days=3)
    form = {
        "op": "save",
        "customer_id": str(customer.public_id),
        "shipment_type": "",
        "priority": "NORMAL",
        "planned_start": f"{start.isoformat()}T08:00",
        "planned_end": f"{start.isoformat()}T17:00",
        "stop_count": "1",
        "stop-0-location_name": "Cảng Cát Lái",
        "stop-0-stop_type": "PICKUP",
    }
    form.update(fields)
    return form


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("booking_number", 50),
        ("bill_of_lading", 50),
        ("stop-0-label", 255),
        ("stop-0-location_name", 255),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_text_longer_than_its_column_is_a_form_error(
    make_user, make_customer, field, limit, language
):
    """Was a 500 on PostgreSQL (value too long for type character varying) and a longer value
    stored on SQLite."""
    customer = make_customer()
    ops = client_in(make_user(Role.OPS), language)
    page = ops.post("/ops/shipments/new/", _shipment_form(customer, **{field: "X" * (limit + 1)}))
    assert page.status_code == 400
    text = shown(page)
    assert {"vi": f"Tối đa {limit} ký tự", "en": f"At most {limit} characters"}[language] in text
    assert_readable(text)
    assert not Shipment.objects.exists()
    ok = ops.post("/ops/shipments/new/", _shipment_form(customer, **{field: "X" * limit}))
    assert ok.status_code == 302
    saved = Shipment.objects.get()
    values = [getattr(saved, field, None)] + [
        getattr(stop, field.removeprefix("stop-0-"), None) for stop in saved.stops.all()
    ]
    assert "X" * limit in values


@pytest.mark.parametrize("language", ["vi", "en"])
def test_too_long_instructions_are_refused_on_the_assign_page(
    make_user, make_shipment, fleet, language
):
    """Was stored whatever the length (the API allows 2000 characters)."""
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    dispatcher = client_in(make_user(Role.DISPATCHER), language)
    url = f"/dispatcher/assign/{shipment.public_id}/"
    form = {**_crew(driver, tractor), "version": shipment.version}
    page = dispatcher.post(url, {**form, "instructions": "x" * (MAX_INSTRUCTIONS + 1)})
    assert page.status_code == 400
    text = shown(page)
    assert str(MAX_INSTRUCTIONS) in text and "2001" in text
    assert_readable(text)
    assert not DriverTask.objects.exists()
    assert dispatcher.post(url, {**form, "instructions": "x" * MAX_INSTRUCTIONS}).status_code == 302
    assert DriverTask.objects.get().instructions == "x" * MAX_INSTRUCTIONS


# --------------------------------------------------------------------------- 3. versions


VERSION_REFUSED = {
    "missing": "The version of the shipment you edited is missing",
    "not a number": "The version of the shipment you edited is not valid",
}


@pytest.mark.parametrize(("version", "said"), [("abc", "not a number"), ("", "missing")])
def test_the_assign_page_refuses_a_bad_version_as_the_api_does(
    dispatcher_web,
    api_login,
    make_user,
    make_shipment,
    fleet,
    make_driver,
    make_vehicle,
    version,
    said,
):
    """Was: a first assignment went through and a re-assignment overwrote another
    dispatcher's (the stored version stood in for the one posted)."""
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    url = f"/dispatcher/assign/{shipment.public_id}/"
    first = dispatcher_web.post(url, {**_crew(driver, tractor), "version": version})
    assert first.status_code == 400
    assert escape(VERSION_REFUSED[said]) in first.content.decode()
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.PENDING
    assert not DriverTask.objects.exists()
    assigned = dispatcher_web.post(url, {**_crew(driver, tractor), "version": shipment.version})
    assert assigned.status_code == 302
    shipment.refresh_from_db()
    other = make_driver(default_tractor=make_vehicle())
    again = dispatcher_web.post(url, {**_crew(other, other.default_tractor), "version": version})
    assert again.status_code == 400
    assert DriverTask.objects.get(status="PENDING").driver == driver  # nothing overwritten
    api = api_login(make_user(Role.DISPATCHER)).post(
        f"/api/shipments/{shipment.public_id}/dispatch",
        {"driverId": str(other.public_id), "tractorId": str(other.default_tractor.public_id)},
        headers={"If-Match": version or '""'},
    )
    if version:  # an unreadable If-Match: the same sentence as the page
        assert api.status_code == 400
        assert VERSION_REFUSED[said] in api.json()["error"]["message"]


@pytest.mark.parametrize("version", ["abc", ""])
def test_unassign_and_edit_refuse_a_bad_version(
    dispatcher_web, make_user, web, make_shipment, fleet, version
):
    driver, tractor, _trailer = fleet
    shipment = make_shipment()
    dispatcher_web.post(
        f"/dispatcher/assign/{shipment.public_id}/",
        {**_crew(driver, tractor), "version": shipment.version},
    )
    shipment.refresh_from_db()
    refused = dispatcher_web.post(
        f"/dispatcher/unassign/{shipment.public_id}/", {"version": version}, follow=True
    )
    assert "The version of the shipment you edited" in shown(refused)
    shipment.refresh_from_db()
    assert shipment.operation_status == OperationStatus.DISPATCHED
    draft = make_shipment(status=OperationStatus.DRAFT)
    edit = web(make_user(Role.OPS)).post(
        f"/ops/shipments/{draft.public_id}/edit/",
        {
            **_shipment_form(draft.customer),
            "stop-0-location_name": "Kho mới",
            "version": version,
        },
    )
    assert edit.status_code == 400
    text = shown(edit)
    assert "The version of the shipment you edited" in text
    assert_readable(text)
    assert not draft.stops.filter(location_name="Kho mới").exists()


def test_a_moved_bar_with_a_bad_version_is_refused(dispatcher_web, make_shipment, fleet):
    _driver, tractor, _trailer = fleet
    shipment = make_shipment()
    refused = dispatcher_web.post(
        "/dispatcher/board/assign/",
        {
            "shipment_id": str(shipment.public_id),
            "tractor_id": str(tractor.public_id),
            "version": "abc",
        },
        follow=True,
    )
    assert "The version of the shipment you edited is not valid" in shown(refused)
    assert not DriverTask.objects.exists()
    page = dispatcher_web.get(
        f"/dispatcher/board/move/{shipment.public_id}/", {"version": "abc"}, follow=True
    )
    assert "The version of the shipment you edited is not valid" in shown(page)

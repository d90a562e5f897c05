"""The customer hears "all photos uploaded" once, when the last required photo arrives."""

from unicon.core.roles import Role
from unicon.notifications.models import Notification

from .conftest import REQUIRED, jpeg_bytes, multipart, upload_file


def test_photos_complete_is_announced_once(trip, make_user, company, other_company):
    shipment, _task, stops, driver_api = trip
    owner = make_user(Role.CUSTOMER_OWNER, customer=company)
    stranger = make_user(Role.CUSTOMER_OWNER, customer=other_company)
    url = f"/api/shipments/{shipment.public_id}/pods"
    required = [(stop, kind) for stop in stops for kind in REQUIRED.get(stop.sequence, ())]
    assert len(required) >= 2
    for index, (stop, kind) in enumerate(required * 2):  # every photo twice
        payload = {"file": upload_file(jpeg_bytes()), "stopId": str(stop.public_id)}
        response = multipart(driver_api, url, {**payload, "photoType": str(kind)})
        assert response.status_code == 201, response.content
        complete = Notification.objects.filter(user=owner, type="shipment.photos_complete")
        assert complete.count() == (0 if index < len(required) - 1 else 1)
    assert not Notification.objects.filter(user=stranger).exists()

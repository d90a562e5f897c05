"""In Chromium (issue 13, items 5 and 6): two people edit the same shipment — the second one's
save shows the first one's change and keeps what they typed, and saving again applies it; the
history then says what changed; cancelling asks first (dismissed: nothing happens)."""

import pytest

from tests.dispatch.conftest import make_shipment  # noqa: F401  (fixture)
from unicon.core.roles import Role
from unicon.shipments.models import OperationStatus, Shipment

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def _save(page) -> None:
    with page.expect_navigation():
        page.locator("button[name=op][value=save]").last.click()


def test_edit_conflict_keeps_the_typed_values_and_history_says_what_changed(
    login,
    make_user,
    make_shipment,  # noqa: F811 (the imported fixture)
    shot,
):
    shipment = make_shipment(status=OperationStatus.DRAFT)
    edit = f"/ops/shipments/{shipment.public_id}/edit/"
    mine = login(make_user(Role.OPS, full_name="Lê Văn Một"))
    theirs = login(make_user(Role.OPS, full_name="Phạm Thị Hai"))
    mine.goto(edit)
    theirs.goto(edit)
    theirs.fill("#booking_number", "BK-HAI-01")
    _save(theirs)
    assert "/edit/" not in theirs.url

    mine.fill("#special_instructions", "Gọi anh Tâm trước 30 phút")
    _save(mine)
    conflict = mine.locator("section.conflict")
    assert "Người khác đã lưu lô hàng này" in conflict.inner_text()
    assert "Phạm Thị Hai" in conflict.inner_text()
    assert "BK-HAI-01" in conflict.inner_text()
    assert mine.input_value("#special_instructions") == "Gọi anh Tâm trước 30 phút"
    shot(mine, "shipment-edit-conflict")
    _save(mine)  # re-apply over their change
    assert "/edit/" not in mine.url
    shipment.refresh_from_db()
    assert shipment.special_instructions == "Gọi anh Tâm trước 30 phút"
    assert shipment.booking_number == "BK-HAI-01"
    timeline = mine.locator("ol.timeline").inner_text()
    assert "Đã chỉnh sửa lô hàng." in timeline
    assert "BK-HAI-01" in timeline and "Gọi anh Tâm trước 30 phút" in timeline
    shot(mine, "shipment-history-changes")

    mine.click("summary:has-text('Hủy lô hàng')")
    mine.fill("#cancel-note", "Khách đổi ý")
    questions = []
    mine.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    mine.click("button:has-text('Xác nhận hủy')")
    mine.wait_for_timeout(300)
    assert questions == ["Hủy lô hàng này? Không thể hoàn tác."]
    assert Shipment.objects.get(pk=shipment.pk).operation_status == OperationStatus.DRAFT

    with mine.expect_navigation():
        mine.click("text=Toàn bộ lịch sử thay đổi")
    assert "Lịch sử thay đổi" in mine.inner_text("h1")
    assert "Phạm Thị Hai" in mine.inner_text("table.audit")
    shot(mine, "audit-history")

"""Paper validity: paper_state, expiry_warnings, paper_problems, papers_valid_q."""

import datetime as dt
from unittest import mock

import pytest

from unicon.core.errors import ValidationFailed
from unicon.fleet import services
from unicon.fleet.models import Vehicle, VehicleType
from unicon.fleet.services import Paper, PaperState, PaperWarning, paper_problems, paper_state

DAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("expiry", "state"),
    [
        (None, None),
        (DAY - dt.timedelta(days=400), PaperState.EXPIRED),
        (DAY - dt.timedelta(days=1), PaperState.EXPIRED),
        (DAY, PaperState.EXPIRING_SOON),  # valid through its last day
        (DAY + dt.timedelta(days=30), PaperState.EXPIRING_SOON),
        (DAY + dt.timedelta(days=31), None),
    ],
)
def test_paper_state(expiry, state):
    assert paper_state(expiry, on=DAY) == state


def test_today_is_the_business_day_in_ho_chi_minh_city():
    # 18:30 UTC on 9 March is 01:30 on 10 March in Asia/Ho_Chi_Minh (UTC+7).
    late_utc = dt.datetime(2026, 3, 9, 18, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_utc):
        assert services.business_today() == DAY
        assert paper_state(dt.date(2026, 3, 9)) == PaperState.EXPIRED
        assert paper_state(DAY) == PaperState.EXPIRING_SOON


def test_expiry_warnings_of_a_vehicle_and_a_driver(make_vehicle, make_driver):
    vehicle = make_vehicle(
        inspection_expiry=DAY - dt.timedelta(days=1),
        insurance_expiry=DAY + dt.timedelta(days=10),
        operation_permit_expiry=DAY + dt.timedelta(days=90),
    )
    assert services.expiry_warnings(vehicle, on=DAY) == [
        PaperWarning(Paper.INSPECTION, DAY - dt.timedelta(days=1), PaperState.EXPIRED),
        PaperWarning(Paper.INSURANCE, DAY + dt.timedelta(days=10), PaperState.EXPIRING_SOON),
    ]
    driver = make_driver(licence_expiry=DAY + dt.timedelta(days=5))
    assert services.expiry_warnings(driver, on=DAY) == [
        PaperWarning(Paper.LICENCE, DAY + dt.timedelta(days=5), PaperState.EXPIRING_SOON)
    ]


def test_paper_problems_on_trip_dates(make_vehicle, make_driver):
    vehicle = make_vehicle(
        inspection_expiry=DAY,  # valid through the 10th
        insurance_expiry=DAY + dt.timedelta(days=1),
        operation_permit_expiry=None,  # not recorded: never a problem
    )
    assert paper_problems(vehicle, DAY) == []
    assert paper_problems(vehicle, DAY - dt.timedelta(days=3), DAY) == []
    assert paper_problems(vehicle, DAY, DAY + dt.timedelta(days=1)) == [
        PaperWarning(Paper.INSPECTION, DAY, PaperState.EXPIRED)
    ]
    assert [p.document for p in paper_problems(vehicle, DAY, DAY + dt.timedelta(days=2))] == [
        Paper.INSPECTION,
        Paper.INSURANCE,
    ]
    driver = make_driver(licence_expiry=DAY - dt.timedelta(days=1))
    assert paper_problems(driver, DAY) == [
        PaperWarning(Paper.LICENCE, DAY - dt.timedelta(days=1), PaperState.EXPIRED)
    ]


def test_paper_problems_take_datetimes_as_business_days(make_vehicle):
    vehicle = make_vehicle(inspection_expiry=DAY)
    # 20:00 UTC on the 10th is already the 11th in Ho Chi Minh City.
    start = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)
    assert paper_problems(vehicle, start, dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)) == []
    late = dt.datetime(2026, 3, 10, 20, 0, tzinfo=dt.UTC)
    assert [p.document for p in paper_problems(vehicle, start, late)] == [Paper.INSPECTION]


def test_paper_problems_refuse_a_trip_ending_before_it_starts(make_vehicle):
    with pytest.raises(ValidationFailed):
        paper_problems(make_vehicle(), DAY, DAY - dt.timedelta(days=1))


def test_papers_valid_q(make_vehicle):
    fine = make_vehicle(inspection_expiry=DAY + dt.timedelta(days=5))
    unrecorded = make_vehicle()
    make_vehicle(insurance_expiry=DAY + dt.timedelta(days=1))
    trailer = make_vehicle(VehicleType.TRAILER, operation_permit_expiry=DAY - dt.timedelta(days=1))
    valid = Vehicle.objects.filter(services.papers_valid_q(Vehicle, DAY + dt.timedelta(days=2)))
    assert set(valid) == {fine, unrecorded}
    assert trailer not in set(valid)

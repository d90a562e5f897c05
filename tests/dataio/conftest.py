import pytest

from tests.customers import fixtures
from tests.dataio.workbook_factory import make_workbook
from tests.extreme_dates import extreme  # noqa: F401  (fixture re-used)
from tests.fleet.conftest import entity, make_driver, make_vehicle
from unicon.core.roles import Role
from unicon.fleet.models import LegalEntity

login_as = fixtures.login_as
today = fixtures.today
__all__ = ["entity", "make_driver", "make_vehicle"]


@pytest.fixture
def entities():
    return [
        LegalEntity.objects.create(code="UNICON", name="Công ty TNHH Unicon Logistics"),
        LegalEntity.objects.create(code="KHANHHUY", name="Công ty TNHH Khánh Huy"),
    ]


@pytest.fixture
def admin(make_user, entities):
    return make_user(Role.ADMIN, email="admin@unicon.test", full_name="Quản trị")


@pytest.fixture
def clean_file(tmp_path):
    path = tmp_path / "Quản lý đội xe vận tải.xlsx"
    path.write_bytes(make_workbook())
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "Quản lý đội xe vận tải (lỗi).xlsx"
    path.write_bytes(make_workbook(with_errors=True))
    return path


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """`with jobs(): ...` — tasks queued inside run (as the worker would) when it ends, so a
    response inside the block shows the job QUEUED and a request after it the result."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded workbooks and export files go to a folder of this test (the file storage)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"

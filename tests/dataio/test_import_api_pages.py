"""The import through the API (upload → report → commit) and the ADMIN page."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.dataio.workbook_factory import ERRORS, make_workbook
from unicon.core.roles import Role
from unicon.customers.models import Customer
from unicon.shipments.models import Shipment


def upload(client, content: bytes, **fields):
    return client.client.post(
        "/api/imports",
        {"file": io.BytesIO(content), **fields},
        headers=client._headers(None),
    )


def test_api_preview_then_commit_run_as_jobs(admin, api_login, jobs):
    client = api_login(admin)
    with jobs():
        response = upload(client, make_workbook())
        assert response.status_code == 202, response.content
        queued = response.json()
        assert (queued["state"], queued["status"], queued["action"]) == (
            "QUEUED",
            "PENDING",
            "PREVIEW",
        )
        assert queued["report"] == {} and queued["progress"]["done"] == 0
    body = client.get(f"/api/imports/{queued['id']}").json()
    assert (body["state"], body["status"]) == ("DONE", "PREVIEWED")
    assert body["report"]["errorCount"] == 0
    assert body["report"]["sheets"][0]["rowsRead"] == 4
    rows = sum(sheet["rowsRead"] for sheet in body["report"]["sheets"])
    assert body["progress"] == {"done": rows, "total": rows} and rows > 10
    assert not Customer.objects.exists()
    with jobs():
        committed = client.post(f"/api/imports/{body['id']}/commit")
        assert committed.status_code == 202
        assert committed.json()["state"] == "QUEUED"
        assert committed.json()["action"] == "COMMIT"
        twice = client.post(f"/api/imports/{body['id']}/commit")
        assert twice.status_code == 409  # its job is still queued
        assert not Customer.objects.exists()
    done = client.get(f"/api/imports/{body['id']}").json()
    assert (done["state"], done["status"], done["fileKept"]) == ("DONE", "COMMITTED", False)
    assert Shipment.objects.count() == 3
    again = client.post(f"/api/imports/{body['id']}/commit")
    assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"


def test_api_errors_and_error_report(admin, api_login, jobs):
    client = api_login(admin)
    with jobs():
        queued = upload(client, make_workbook(with_errors=True), commit="true").json()
    body = client.get(f"/api/imports/{queued['id']}").json()
    assert body["state"] == "DONE"
    assert body["status"] == "FAILED" and body["report"]["errorCount"] == len(ERRORS)
    assert not Customer.objects.exists()
    report = client.get(f"/api/imports/{body['id']}/errors.xlsx")
    assert report.status_code == 200
    book = load_workbook(io.BytesIO(report.content))
    sheet = book["Thông tin xe"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [8, 9]  # Excel row numbers of the bad vehicles
    assert "ABC-123" in rows[1] and "Biển số" in rows[1][-1]


def test_error_report_of_a_run_without_errors_is_a_workbook_with_its_header(admin, api_login, jobs):
    """Was a 500 (openpyxl: "At least one sheet must be visible"): a clean run's report is the
    error sheet with its header row only — before and after the commit (file no longer kept),
    from the API and from the run's page, in the reader's language."""
    client = api_login(admin)
    with jobs():
        queued = upload(client, make_workbook()).json()
    url = f"/api/imports/{queued['id']}/errors.xlsx"
    for headers, expected in (
        ({"Accept-Language": "vi"}, ("Trang tính", "Dòng", "Lỗi")),
        ({"Accept-Language": "en"}, ("Sheet", "Row", "Errors")),
    ):
        report = client.get(url, headers=headers)
        assert report.status_code == 200, report.content
        book = load_workbook(io.BytesIO(report.content))
        assert len(book.worksheets) == 1
        assert list(book.worksheets[0].iter_rows(values_only=True)) == [expected]
    with jobs():
        assert client.post(f"/api/imports/{queued['id']}/commit").status_code == 202
    assert client.get(f"/api/imports/{queued['id']}").json()["status"] == "COMMITTED"
    assert client.get(url).status_code == 200
    browser = Client()
    browser.force_login(admin)
    page = browser.get(f"/manage/import/{queued['id']}/errors.xlsx")
    assert page.status_code == 200
    assert load_workbook(io.BytesIO(page.content)).worksheets[0].max_row == 1


def test_error_report_of_a_run_not_read_yet_is_a_conflict(admin, api_login):
    client = api_login(admin)
    queued = upload(client, make_workbook()).json()  # queued, never run (no jobs())
    answer = client.get(f"/api/imports/{queued['id']}/errors.xlsx")
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "CONFLICT"


def test_a_job_that_breaks_half_way_fails_and_writes_nothing(admin, api_login, jobs, monkeypatch):
    from unicon.dataio import engine

    real = engine.import_sheet
    calls = []

    def breaks_on_the_third_sheet(data, ctx):
        calls.append(data.spec.key)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(data, ctx)

    monkeypatch.setattr("unicon.dataio.services.import_sheet", breaks_on_the_third_sheet)
    client = api_login(admin)
    with jobs():
        queued = upload(client, make_workbook(), commit="true").json()
    body = client.get(f"/api/imports/{queued['id']}").json()
    assert (body["state"], body["status"]) == ("FAILED", "FAILED")
    assert "disk on fire" in body["error"]
    assert not Customer.objects.exists()  # the two sheets before were rolled back
    browser = Client()
    browser.force_login(admin)
    page = browser.get(f"/manage/import/{queued['id']}/").content.decode()
    assert "Một lỗi ngoài dự kiến đã dừng công việc" in page  # the pages' default language
    assert "RuntimeError" not in page and "disk on fire" not in page  # no Python on a page


@pytest.mark.parametrize("role", [Role.OPS, Role.ACCOUNTING, Role.CUSTOMER_OWNER])
def test_only_admin_may_import(role, login_as, entities):
    client = login_as(role)
    assert upload(client, make_workbook()).status_code == 403
    assert client.get("/api/imports/template.xlsx").status_code == 403


def test_bad_uploads(admin, api_login):
    client = api_login(admin)
    missing = client.client.post("/api/imports", {}, headers=client._headers(None))
    assert missing.status_code == 400
    junk = upload(client, b"PK\x03\x04 junk")
    assert junk.status_code == 400 and junk.json()["error"]["code"] == "VALIDATION_ERROR"
    unknown = upload(client, make_workbook(), sheets="customers,petrol")
    assert unknown.status_code == 400


def test_admin_page_upload_preview_commit(admin, jobs):
    browser = Client()
    browser.force_login(admin)
    home = browser.get("/manage/import/")
    assert home.status_code == 200
    template = browser.get("/manage/import/template.xlsx")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    with jobs():
        posted = browser.post(
            "/manage/import/", {"file": io.BytesIO(make_workbook()), "sheets": ["customers"]}
        )
        assert posted.status_code == 302
        waiting = browser.get(posted["Location"]).content.decode()
        assert 'id="import-progress"' in waiting and 'hx-trigger="every 2s"' in waiting
        assert "THEPMIEN" not in waiting  # no report yet
        poll = browser.get(posted["Location"] + "progress/", headers={"HX-Request": "true"})
        assert poll.status_code == 200 and "HX-Refresh" not in poll
    poll = browser.get(posted["Location"] + "progress/", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"  # done: the page reloads and shows the report
    preview = browser.get(posted["Location"])
    html = preview.content.decode()
    assert "Thông tin khách hàng" in html and "THEPMIEN" in html
    assert "import-progress" not in html
    assert not Customer.objects.exists()
    with jobs():
        done = browser.post(posted["Location"] + "commit/", follow=True)
        assert done.status_code == 200
        assert 'id="import-progress"' in done.content.decode()
    assert Customer.objects.count() == 3
    assert "commit/" not in browser.get(posted["Location"]).content.decode()


def test_admin_page_shows_errors(admin, jobs):
    browser = Client()
    browser.force_login(admin)
    with jobs():
        posted = browser.post("/manage/import/", {"file": io.BytesIO(make_workbook(True))})
    html = browser.get(posted["Location"]).content.decode()
    assert "ABC-123" in html and "errors.xlsx" in html and "commit/" not in html


def test_import_page_is_admin_only(make_user):
    ops = make_user(Role.OPS)
    browser = Client()
    browser.force_login(ops)
    assert browser.get("/manage/import/").status_code == 403


def test_operations_are_documented(anon):
    paths = anon.get("/api/openapi.json").json()["paths"]
    ids = {op["operationId"] for path in paths.values() for op in path.values()}
    assert {"createImport", "getImport", "commitImport", "importErrors", "importTemplate"} <= ids
    assert {"createExport", "listExports", "getExport", "downloadExport"} <= ids
    assert "getKpis" in ids


def test_progress_is_visible_while_the_job_runs(admin, api_login, jobs, monkeypatch):
    """Polls made while the import runs (from inside it, as a page would from outside) see
    RUNNING and a row count that grows up to the total."""
    from unicon.dataio import engine, progress

    monkeypatch.setattr(progress, "EVERY_SECONDS", 0)
    client = api_login(admin)
    seen = []
    real = engine.import_sheet

    def polled(data, ctx):
        result = real(data, ctx)
        body = client.get(f"/api/imports/{ctx.run.public_id}").json()
        seen.append((body["state"], body["progress"]["done"], body["progress"]["total"]))
        return result

    monkeypatch.setattr("unicon.dataio.services.import_sheet", polled)
    with jobs():
        queued = upload(client, make_workbook()).json()
    total = client.get(f"/api/imports/{queued['id']}").json()["progress"]["total"]
    assert {state for state, _done, _total in seen} == {"RUNNING"}
    assert {t for _state, _done, t in seen} == {total}
    done = [d for _state, d, _total in seen]
    assert done == sorted(done) and 0 < done[0] < done[-1] == total


def stored_uploads(media) -> list:
    folder = media / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_the_upload_lives_in_storage_until_committed(admin, api_login, jobs, media):
    client = api_login(admin)
    with jobs():
        queued = upload(client, make_workbook()).json()
    [kept] = stored_uploads(media)
    assert kept.read_bytes() == make_workbook() or kept.stat().st_size > 1000
    assert client.get(f"/api/imports/{queued['id']}").json()["fileKept"] is True
    with jobs():
        assert client.post(f"/api/imports/{queued['id']}/commit").status_code == 202
    done = client.get(f"/api/imports/{queued['id']}").json()
    assert (done["status"], done["fileKept"]) == ("COMMITTED", False)
    assert stored_uploads(media) == []


def test_a_run_failing_half_way_leaves_no_file(admin, api_login, media, monkeypatch):
    from unicon.dataio.models import ImportRun

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ImportRun.objects, "create", broken)
    client = api_login(admin)
    assert upload(client, make_workbook()).status_code == 500  # the server's own failure
    assert stored_uploads(media) == []
    assert not ImportRun.objects.exists()

"""Long list exports on the job queue: the job's life, its progress, who may download its
file, and the daily purge of old files (exports and uploaded workbooks)."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.dataio.test_export import api_items, shipments
from tests.dataio.workbook_factory import make_workbook
from unicon.core.roles import Role
from unicon.dataio.models import ExportJob, ImportRun

__all__ = ["shipments"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EXPORT_INLINE_MAX_ROWS = 100
    return tmp_path / "media"


def stored(root) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_a_long_list_is_exported_by_a_job(make_user, api_login, shipments, jobs, _media):
    shipments(450)
    ops = make_user(Role.OPS)
    client = api_login(ops)
    params = {"status": "DELIVERED", "dateFrom": "2026-03-02"}
    with jobs():
        queued = client.get("/api/shipments", {**params, "format": "xlsx"})
        assert queued.status_code == 202, queued.content
        job = queued.json()
        assert queued["Location"] == f"/api/exports/{job['id']}"
        assert (job["state"], job["downloadUrl"], job["format"]) == ("QUEUED", None, "xlsx")
        assert job["list"] == "/api/shipments" and "status=DELIVERED" in job["query"]
        assert client.get(f"/api/exports/{job['id']}/file").status_code == 409  # not yet
    done = client.get(f"/api/exports/{job['id']}").json()
    expected = api_items(client, "/api/shipments", params)
    assert done["state"] == "DONE" and done["error"] == ""
    assert done["progress"] == {"done": len(expected), "total": len(expected)}
    assert done["downloadUrl"] == f"/api/exports/{job['id']}/file" and done["size"] > 0
    download = client.get(done["downloadUrl"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="shipments-' in download["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(body(download))).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [s["number"] for s in expected]
    assert [j["id"] for j in client.get("/api/exports").json()] == [job["id"]]
    assert len(stored(_media)) == 1


def test_a_short_list_still_streams_and_async_forces_a_job(login_as, shipments, jobs):
    shipments(40)
    client = login_as(Role.OPS)
    inline = client.get("/api/shipments", {"format": "csv"})
    assert inline.status_code == 200 and inline["Content-Type"].startswith("text/csv")
    with jobs():
        queued = client.get("/api/shipments", {"format": "csv", "async": "1"})
    assert queued.status_code == 202
    done = client.get(f"/api/exports/{queued.json()['id']}").json()
    assert done["state"] == "DONE" and done["progress"]["done"] == 40
    text = body(client.get(done["downloadUrl"])).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 41


def test_post_an_export_and_its_refusals(make_user, api_login, shipments, jobs):
    own, _other = shipments(30)
    customer = api_login(make_user(Role.CUSTOMER_OWNER, customer=own))
    with jobs():
        made = customer.post("/api/exports", {"url": "/api/shipments", "format": "csv"})
    assert made.status_code == 202, made.content
    done = customer.get(f"/api/exports/{made.json()['id']}").json()
    text = body(customer.get(done["downloadUrl"])).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert len(lines) == 1 + 15 and {line[1] for line in lines[1:]} == {own.code}
    assert customer.post("/api/exports", {"url": "/api/shipments?status=LOST"}).status_code == 400
    assert customer.post("/api/exports", {"url": "/api/health"}).status_code == 400
    bad = customer.post("/api/exports", {"url": "/api/shipments", "format": "pdf"})
    assert bad.status_code == 400
    assert customer.post("/api/exports", {"url": "/api/users"}).status_code == 403
    assert ExportJob.objects.count() == 1  # refusals queue nothing


def test_only_the_owner_and_admin_see_and_download(make_user, api_login, shipments, jobs):
    shipments(5)
    owner = api_login(make_user(Role.OPS))
    with jobs():
        job = owner.get("/api/shipments", {"format": "xlsx", "async": "1"}).json()
    other = api_login(make_user(Role.OPS))
    assert other.get(f"/api/exports/{job['id']}").status_code == 404
    assert other.get(f"/api/exports/{job['id']}/file").status_code == 404
    assert other.get("/api/exports").json() == []
    admin = api_login(make_user(Role.ADMIN))
    assert admin.get(f"/api/exports/{job['id']}/file").status_code == 200
    browser = Client()
    browser.force_login(make_user(Role.ACCOUNTING))
    assert browser.get(f"/exports/{job['id']}/download/").status_code == 404


def test_browser_links_lead_to_my_exports(make_user, shipments, jobs):
    shipments(150)
    ops = make_user(Role.OPS)
    browser = Client()
    browser.force_login(ops)
    page = browser.get("/ops/shipments/").content.decode()
    assert "format=xlsx&amp;async=1" in page and 'href="/exports/"' in page
    with jobs():
        sent = browser.get(
            "/api/shipments", {"format": "xlsx"}, headers={"Accept": "text/html,*/*"}
        )
        assert sent.status_code == 302 and sent["Location"].startswith("/exports/?started=")
        waiting = browser.get(sent["Location"]).content.decode()
        assert 'hx-trigger="every 2s"' in waiting  # the table polls itself while it runs
    html = browser.get(sent["Location"]).content.decode()
    job = ExportJob.objects.get()
    assert f"/exports/{job.public_id}/download/" in html and 'hx-trigger="every' not in html
    download = browser.get(f"/exports/{job.public_id}/download/")
    assert download.status_code == 200 and len(body(download)) > 1000


def test_purge_deletes_old_files_and_fails_lost_jobs(
    make_user, api_login, shipments, jobs, _media, admin
):
    shipments(5)
    client = api_login(make_user(Role.OPS))
    with jobs():
        old = client.get("/api/shipments", {"format": "csv", "async": "1"}).json()
        new = client.get("/api/shipments", {"format": "csv", "async": "1"}).json()
    admin_api = api_login(admin)
    with jobs():
        run = admin_api.client.post(
            "/api/imports",
            {"file": io.BytesIO(make_workbook(with_errors=True))},
            headers=admin_api._headers(None),
        ).json()
    assert admin_api.get(f"/api/imports/{run['id']}/errors.xlsx").status_code == 200
    assert len(stored(_media)) == 3  # two exports and the uploaded workbook
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    ExportJob.objects.filter(public_id=old["id"]).update(created_at=eight_days_ago)
    ImportRun.objects.filter(public_id=run["id"]).update(created_at=eight_days_ago)
    lost = ExportJob.objects.create(
        owner=ExportJob.objects.get(public_id=new["id"]).owner,
        path="/api/shipments",
        format="csv",
        state="RUNNING",
    )
    ExportJob.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - dt.timedelta(hours=7))
    out = io.StringIO()
    call_command("jobs", "run", "purge-data-files", stdout=out)
    assert "1 export(s) deleted, 1 uploaded workbook(s) dropped, 1 lost job(s) failed" in (
        out.getvalue()
    )
    assert client.get(f"/api/exports/{old['id']}").status_code == 404
    assert client.get(f"/api/exports/{new['id']}/file").status_code == 200
    assert len(stored(_media)) == 1
    assert client.get(f"/api/exports/{lost.public_id}").json()["state"] == "FAILED"
    purged = admin_api.get(f"/api/imports/{run['id']}").json()
    assert purged["fileKept"] is False and purged["report"]["errorCount"] > 0  # report stays
    assert admin_api.get(f"/api/imports/{run['id']}/errors.xlsx").status_code == 409
    assert admin_api.post(f"/api/imports/{run['id']}/commit").status_code == 409


def test_a_running_export_knows_its_total(login_as, shipments, jobs, monkeypatch):
    """The job learns the list's size from its first page: polls while it writes show a
    real percentage (done out of total), not only a growing count."""
    from unicon.dataio import export, export_jobs

    shipments(450)
    client = login_as(Role.OPS)
    seen: list[dict] = []
    real_lines = export.csv_lines

    def watched(spec, pages):
        # chunks: the header, then the lines of each page of 200
        for number, chunk in enumerate(real_lines(spec, pages)):
            if number in (2, 3):  # while the second page, then the third, is written
                seen.append(client.get(f"/api/exports/{job_id}").json())
            yield chunk

    monkeypatch.setattr(export, "csv_lines", watched)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY_SECONDS", 0)
    with jobs():
        queued = client.get("/api/shipments", {"format": "csv", "async": "1"})
        job_id = queued.json()["id"]
        assert queued.json()["progress"] == {"done": 0, "total": None}  # not started
    assert [(s["state"], s["progress"]) for s in seen] == [
        ("RUNNING", {"done": 200, "total": 450}),
        ("RUNNING", {"done": 400, "total": 450}),
    ]
    assert client.get(f"/api/exports/{job_id}").json()["progress"] == {"done": 450, "total": 450}


def test_an_export_that_breaks_says_so_without_python_names(
    make_user, shipments, jobs, monkeypatch
):
    """My exports showed the exception's class name ("RuntimeError") of a job that broke."""
    from unicon.dataio import export

    def breaks(spec, pages):
        raise RuntimeError("disk on fire")
        yield  # pragma: no cover

    monkeypatch.setattr(export, "csv_lines", breaks)
    shipments(3)
    browser = Client()
    browser.force_login(make_user(Role.OPS))
    with jobs():
        browser.get("/api/shipments", {"format": "csv", "async": "1"})
    assert ExportJob.objects.get().state == "FAILED"
    page = browser.get("/exports/").content.decode()
    assert "Một lỗi ngoài dự kiến đã dừng công việc" in page  # the pages' default language
    assert "RuntimeError" not in page and "disk on fire" not in page

"""Paper invoices: uploaded, read by OCR in the worker (`unicon ocr-invoices`), typed
values win, the confirm gate. Needs Tesseract with Vietnamese data (`.ci/run` installs it)."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from bench.invoice_images import CLEAN, HARD, render
from tests.costs.conftest import multipart, upload_file
from unicon.core.roles import Role
from unicon.costs import ocr

needs_ocr = pytest.mark.skipif(
    ocr.availability() is not None,
    reason="OCR engine missing: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils",
)


def worker() -> str:
    out = io.StringIO()
    call_command("ocr_invoices", stdout=out)
    return out.getvalue()


def upload(client, *images: bytes, **extra):
    data = {
        "files": [upload_file(png, f"scan{i}.png", "image/png") for i, png in enumerate(images)]
    }
    # the OCR task stays queued (`run_jobs=False`): these tests read it with the by-hand sweep
    return multipart(client, "/api/purchase-invoices/scan", {**data, **extra}, run_jobs=False)


@pytest.fixture
def accounting(login_as, entity):
    return login_as(Role.ACCOUNTING)


@needs_ocr
@pytest.mark.parametrize("case", [CLEAN[0], CLEAN[1], HARD[0], HARD[2], HARD[3]])
def test_scan_is_read_by_the_worker(accounting, make_vehicle, case):
    page = render(*case)
    truck = make_vehicle(plate=page.truth["plate"])
    created = upload(accounting, page.png)
    assert created.status_code == 201, created.content
    invoice = created.json()
    assert (invoice["status"], invoice["ocrStatus"]) == ("PROCESSING", "QUEUED")
    assert "1 of 1 queued invoice(s) read." in worker()
    read = accounting.get(f"/api/purchase-invoices/{invoice['id']}").json()
    assert read["status"] == "PENDING"
    assert read["ocrStatus"] == "DONE"
    for field in ("total", "subtotal", "vat_amount"):
        assert read["ocrFields"][field]["value"] == page.truth[field], page.label
        assert 0 < read["ocrFields"][field]["confidence"] <= 1
    assert read["total"] == int(page.truth["total"])
    assert read["sellerTaxCode"] == page.truth["seller_tax_code"]
    assert read["number"] == page.truth["number"]
    assert read["issueDate"] == page.truth["issue_date"]
    assert read["vehicle"]["id"] == str(truck.public_id)  # found by the plate on the invoice
    assert read["issues"] == []
    confirmed = accounting.post(
        f"/api/purchase-invoices/{invoice['id']}/review", {"status": "CONFIRMED"}
    )
    assert confirmed.status_code == 200, confirmed.content
    assert "0 of 0" in worker()  # nothing left queued; a second run changes nothing


@needs_ocr
def test_typed_values_win_over_ocr(accounting):
    page = render(*CLEAN[0])
    invoice = upload(accounting, page.png).json()
    path = f"/api/purchase-invoices/{invoice['id']}"
    typed = accounting.patch(path, {"number": "777", "sellerTaxCode": "0300000001"})
    assert typed.status_code == 200
    worker()
    read = accounting.get(path).json()
    assert read["number"] == "777"
    assert read["sellerTaxCode"] == "0300000001"
    assert read["ocrFields"]["number"]["value"] == page.truth["number"]
    assert read["total"] == int(page.truth["total"])


@needs_ocr
def test_scanned_pdf_is_rasterised_and_read(accounting):
    page = render(*CLEAN[4])
    pdf = io.BytesIO()
    Image.open(io.BytesIO(page.png)).convert("RGB").save(pdf, "PDF", resolution=150)
    scan = upload_file(pdf.getvalue(), "scan.pdf", "application/pdf")
    invoice = multipart(accounting, "/api/purchase-invoices/scan", {"files": [scan]}).json()
    worker()
    read = accounting.get(f"/api/purchase-invoices/{invoice['id']}").json()
    assert read["ocrStatus"] == "DONE"
    assert read["total"] == int(page.truth["total"])
    assert read["sellerTaxCode"] == page.truth["seller_tax_code"]


def test_without_the_engine_the_invoice_waits_for_typing(accounting, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    invoice = upload(accounting, render(*CLEAN[0]).png).json()
    with pytest.raises(SystemExit):
        worker()
    path = f"/api/purchase-invoices/{invoice['id']}"
    read = accounting.get(path).json()
    assert (read["status"], read["ocrStatus"]) == ("PENDING", "UNAVAILABLE")
    assert "tesseract-ocr-vie" in read["ocrMessage"]
    gate = accounting.post(f"{path}/review", {"status": "CONFIRMED"})
    assert gate.status_code == 400  # number, date, seller tax code and total are required
    accounting.patch(
        path,
        {
            "number": "12",
            "issueDate": "2026-11-01",
            "sellerTaxCode": "0314567890",
            "subtotal": 1000,
            "vatAmount": 100,
            "total": 1200,
        },
    )
    assert accounting.post(f"{path}/review", {"status": "CONFIRMED"}).status_code == 400
    accounting.patch(path, {"total": 1100})
    again = accounting.post(f"{path}/ocr").json()  # read again: typed fields stay
    assert (again["status"], again["ocrStatus"], again["total"]) == ("PROCESSING", "QUEUED", 1100)
    with pytest.raises(SystemExit):
        worker()
    assert accounting.post(f"{path}/review", {"status": "CONFIRMED"}).status_code == 200
    assert accounting.post(f"{path}/ocr").status_code == 400  # confirmed: final


def test_scan_needs_a_real_image(accounting):
    assert upload(accounting).status_code == 400
    bad = multipart(
        accounting,
        "/api/purchase-invoices/scan",
        {"files": [upload_file(b"%PDF-1.4 broken", "x.pdf", "application/pdf")]},
    )
    assert bad.status_code == 400


@needs_ocr
def test_upload_is_read_by_the_job_queue_once_committed(
    accounting, make_vehicle, django_capture_on_commit_callbacks
):
    page = render(*CLEAN[0])
    make_vehicle(plate=page.truth["plate"])
    with django_capture_on_commit_callbacks(execute=True):  # tasks run at once in tests
        created = upload(accounting, page.png)
    assert created.status_code == 201, created.content
    read = accounting.get(f"/api/purchase-invoices/{created.json()['id']}").json()
    assert (read["status"], read["ocrStatus"]) == ("PENDING", "DONE")
    assert read["total"] == int(page.truth["total"])
    assert "0 of 0 queued invoice(s) read." in worker()

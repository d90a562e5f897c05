"""Pages: the workbook import (upload → preview → commit) and the KPI dashboard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unicon.core.errors import ServiceError
from unicon.core.permissions import role_required
from unicon.dataio import policies, services
from unicon.dataio.api import xlsx_response
from unicon.dataio.forms import ImportForm
from unicon.dataio.models import RunStatus

IMPORT_PAGE_ROLES = tuple(policies.IMPORTERS)


@role_required(*IMPORT_PAGE_ROLES)
def import_home(request: HttpRequest) -> HttpResponse:
    """Upload form and the latest imports; a valid upload is previewed (dry run)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.preview_import(
                request.user, upload.read(), upload.name, form.cleaned_data["sheets"]
            )
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("dataio-import", run.public_id)
    runs = services.list_runs(request.user)
    return render(request, "dataio/import_home.html", {"form": form, "runs": runs})


@role_required(*IMPORT_PAGE_ROLES)
def import_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The report of one run, with the commit button while it is a clean preview."""
    run = services.get_run(request.user, public_id)
    language = "vi" if get_language() == "vi" else "en"
    issues = [
        {**issue, "message": issue["messageVi" if language == "vi" else "messageEn"]}
        for issue in run.report.get("issues", [])
    ]
    return render(
        request,
        "dataio/import_detail.html",
        {
            "run": run,
            "issues": issues,
            "may_commit": run.status == RunStatus.PREVIEWED and not run.report.get("errorCount"),
            "has_file": bool(run.content),
        },
    )


@require_POST
@role_required(*IMPORT_PAGE_ROLES)
def import_commit(request: HttpRequest, public_id) -> HttpResponse:
    try:
        run = services.commit_run(request.user, public_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if run.status == RunStatus.COMMITTED:
            messages.success(request, _("The workbook has been imported."))
        else:
            messages.error(request, _("Nothing was imported: some rows have errors."))
    return redirect("dataio-import", public_id)


@role_required(*IMPORT_PAGE_ROLES)
def import_errors(request: HttpRequest, public_id) -> HttpResponse:
    try:
        data = services.run_error_report(request.user, public_id, get_language())
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("dataio-import", public_id)
    return xlsx_response(data, f"import-errors-{public_id}.xlsx")


@role_required(*IMPORT_PAGE_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(services.template_workbook(), "unicon-import-template.xlsx")

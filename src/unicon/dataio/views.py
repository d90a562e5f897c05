"""Pages: the workbook import (upload → preview → commit, each step a background job the
page follows), "my exports" (background list exports and their files) and the KPI
dashboard."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from unicon.core import dates, readable
from unicon.core.errors import ServiceError
from unicon.core.permissions import may_open, role_required
from unicon.dataio import kpi, policies, services
from unicon.dataio.api import xlsx_response
from unicon.dataio.forms import ImportForm
from unicon.dataio.models import JobState, RunStatus
from unicon.dataio.schemas import KpiFilters
from unicon.web.common import report


@role_required(*policies.IMPORTERS)
def import_home(request: HttpRequest) -> HttpResponse:
    """Upload form and the latest imports; a valid upload is stored and its dry run queued."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.queue_import(
                request.user, upload.read(), upload.name, form.cleaned_data["sheets"]
            )
        except ServiceError as exc:
            form.add_error("file", readable.text(exc, readable.form_labels(form)))
        else:
            return redirect("dataio-import", run.public_id)
    runs = services.list_runs(request.user)
    return render(request, "dataio/import_home.html", {"form": form, "runs": runs})


@role_required(*policies.IMPORTERS)
def import_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The report of one run, with the commit button while it is a clean preview; while its
    job is queued or running, a progress bar that polls `import_progress`."""
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
            **_job_context(run),
            "issues": issues,
            "may_commit": run.status == RunStatus.PREVIEWED
            and run.state == JobState.DONE
            and not run.report.get("errorCount")
            and services.has_file(run),
            "has_file": services.has_file(run),
        },
    )


def _job_context(run) -> dict:
    done, total = services.progress_of(run)
    return {
        "run": run,
        "working": run.state in (JobState.QUEUED, JobState.RUNNING),
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }


@role_required(*policies.IMPORTERS)
def import_progress(request: HttpRequest, public_id) -> HttpResponse:
    """The progress panel alone (polled by htmx every 2 s); once the job has finished it
    tells htmx to reload the page, which then shows the report."""
    run = services.get_run(request.user, public_id)
    response = render(request, "dataio/_import_progress.html", _job_context(run))
    if run.state not in (JobState.QUEUED, JobState.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@role_required(*policies.IMPORTERS)
def import_commit(request: HttpRequest, public_id) -> HttpResponse:
    """Queue the import of a previewed run; the run's page follows the job."""
    try:
        services.queue_commit(request.user, public_id)
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.info(request, _("The import has started; this page follows it."))
    return redirect("dataio-import", public_id)


@role_required(*policies.IMPORTERS)
def import_errors(request: HttpRequest, public_id) -> HttpResponse:
    try:
        data = services.run_error_report(request.user, public_id, get_language())
    except ServiceError as exc:
        report(request, exc)
        return redirect("dataio-import", public_id)
    return xlsx_response(data, f"import-errors-{public_id}.xlsx")


@role_required(*policies.IMPORTERS)
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(services.template_workbook(), "unicon-import-template.xlsx")


CHART_HEIGHT = 120


@role_required(*policies.KPI_READERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The KPI dashboard for a date range (`date_from`, `date_to`), each figure linked to the
    shipment list it counts; shipments per day as a server-drawn SVG bar chart."""
    try:
        filters = KpiFilters(
            date_from=request.GET.get("date_from") or None,
            date_to=request.GET.get("date_to") or None,
        )
        board = kpi.dashboard(request.user, filters.date_from, filters.date_to)
    except PydanticValidationError as exc:  # a day outside the range is said as such
        refused = dates.refused_range(exc.errors())
        message = refused.message if refused else _("Enter valid dates.")
        return render(request, "dataio/dashboard.html", {"error": message}, status=400)
    except ServiceError as exc:
        return render(request, "dataio/dashboard.html", {"error": readable.text(exc)}, status=400)
    # a figure links to the shipment list that shows exactly its rows, when the user may
    # open that list (accounting may not: its figures show without a link)
    may_list = may_open(request.user, LIST_PAGE)
    figures = (board.total, *board.by_status, *board.by_type, *board.documents)
    for figure in (*figures, *board.top_customers):
        figure.url = page_list_url(figure.filters) if may_list and figure.listable else None
    peak = max((n for _day, n in board.per_day), default=0) or 1
    width = max(4, 600 // max(1, len(board.per_day)))
    bars = []
    for i, (day, n) in enumerate(board.per_day):
        height = round(n * CHART_HEIGHT / peak)
        bars.append({"x": i * width, "y": CHART_HEIGHT - height, "h": height, "day": day, "n": n})
    return render(
        request,
        "dataio/dashboard.html",
        {
            "board": board,
            "bars": bars,
            "bar_width": width - 1,
            "chart_width": width * len(bars),
            "chart_height": CHART_HEIGHT,
        },
    )


#: The shipment list page the dashboard's figures link to.
LIST_PAGE = "ops-home"


def page_list_url(filters: dict[str, str]) -> str:
    """The shipment list page filtered as a KPI figure counts it."""
    return reverse(LIST_PAGE) + "?" + kpi.list_query(filters)

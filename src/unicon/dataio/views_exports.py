"""Page: "my exports" — the background list exports of the user, their progress (the table
polls itself while one is running) and their files."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from unicon.core.errors import NotFound, ServiceError
from unicon.dataio import export_jobs
from unicon.dataio.export import file_response
from unicon.dataio.models import JobState
from unicon.web.common import report

POLL_SECONDS = 2


@login_required
def exports(request: HttpRequest) -> HttpResponse:
    """The user's exports, newest first; `?started=<id>` highlights the one just queued."""
    jobs = export_jobs.mine(request.user)
    working = any(job.state in (JobState.QUEUED, JobState.RUNNING) for job in jobs)
    return render(
        request,
        "dataio/exports.html",
        {
            "jobs": jobs,
            "working": working,
            "poll": POLL_SECONDS,
            "started": request.GET.get("started", ""),
        },
    )


@login_required
def export_download(request: HttpRequest, public_id) -> HttpResponse:
    """The file of a finished export (its owner, or ADMIN); 404 for anybody else."""
    try:
        return file_response(*export_jobs.open_file(request.user, public_id))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ServiceError as exc:
        report(request, exc)
        return redirect("dataio-exports")

"""List exports on the job queue, their download, and the purge of old data files.

A big export (more than `EXPORT_INLINE_MAX_ROWS` rows, or asked with `?async=1`) is not
streamed in the request: `start` records an `ExportJob` (the list API path, its filters, the
format, the caller's language) and queues `tasks.run_export`. The worker reads the list
exactly as the owner would — the list API itself is called page by page with the owner as
the user, so the same filters, policies and customer isolation apply (a deactivated owner or
one who lost the right gets a FAILED job, not the rows) — writes the file into a temporary
file (bounded memory), then into storage under `exports/<yyyy>/<mm>/`. Only the owner and
ADMIN may read the job or download its file; anybody else gets 404.

`purge` (daily, `purge-data-files`) deletes exports older than
`DATAIO_FILE_RETENTION_DAYS` with their files, drops the uploaded workbook of import runs as
old (the run and its report stay), and fails jobs that have waited or run longer than
`DATAIO_STALE_JOB_HOURS` (their worker is gone).
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unicon.core import context, crud, readable
from unicon.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from unicon.core.pagination import recording_totals
from unicon.dataio import export, policies
from unicon.dataio.exports import ExportList, export_for
from unicon.dataio.models import ExportFormat, ExportJob, ImportRun, JobState
from unicon.jobs import enqueue_on_commit
from unicon.pods import storage

logger = logging.getLogger("unicon.dataio")
FOLDER = "exports"
#: query parameters that are not filters (paging, the export's own switches)
NOT_FILTERS = {"format", "async", "cursor", "limit"}
PROGRESS_EVERY_SECONDS = 1.0


class ListRefused(ServiceError):
    """The list API refused the owner's request (a bad filter, a lost right): its own
    status, code and message."""

    def __init__(self, status: int, code: str, message: str, details=None) -> None:
        super().__init__(message, details)
        self.status, self.code = status, code


def filters_of(query: QueryDict) -> str:
    """The filters of a list request as a query string (paging and export switches gone)."""
    return urlencode([(k, v) for k, vs in query.lists() if k not in NOT_FILTERS for v in vs])


def resolve_list(path: str) -> tuple[ResolverMatch, ExportList]:
    """The list API view at `path` (`/api/shipments`) and its export columns; ValidationFailed
    when the path is not an exportable list."""
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    spec = export_for(match.route.removeprefix("api/")) if match else None
    if spec is None or not path.startswith("/api/"):
        raise ValidationFailed(_("This list cannot be exported."), {"list": [path]})
    return match, spec


def list_title(job: ExportJob) -> str:
    """The exported list's name in the reader's language (`job.title` keeps the language of
    the request that started it); the stored title for a list no longer exportable."""
    try:
        _match, spec = resolve_list(job.path)
    except ValidationFailed:
        return job.title or job.path
    return str(spec.title)


def list_request(user, path: str, query: str) -> HttpRequest:
    """A GET of the list API as `user` would send it (the worker has no request of its own):
    authenticated as `user` through the session authentication, no cookie, no CSRF."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": query,
        "SERVER_NAME": "worker",
        "SERVER_PORT": "80",
        "HTTP_ACCEPT": "application/json",
        "REMOTE_ADDR": "127.0.0.1",
    }
    request.GET = QueryDict(query, mutable=True)
    request.user = user
    return request


def _refusal(response) -> ListRefused:
    try:
        error = json.loads(response.content).get("error", {})
    except ValueError:
        error = {}
    return ListRefused(
        response.status_code,
        error.get("code", "FORBIDDEN"),
        error.get("message", _("The list refused the export.")),
        error.get("details"),
    )


def start(user, path: str, query: str, fmt: str, language: str) -> ExportJob:
    """Queue the export of the list API at `path` filtered by `query` (a query string) as
    `fmt` (xlsx or csv) for `user`; returns the job (state QUEUED).

    The list's first row is read at once as `user`, so a bad filter (400), a list the user
    may not read (403) or another company's object (404) is refused here, as the list
    would, and nothing is queued.
    """
    if fmt not in ExportFormat.values:
        raise ValidationFailed(_("Unknown export format."), {"format": [_("Choose xlsx or csv.")]})
    match, spec = resolve_list(path)
    query = filters_of(QueryDict(query))
    probe = list_request(user, path, f"{query}&limit=1" if query else "limit=1")
    response = match.func(probe, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise _refusal(response)
    job = ExportJob.objects.create(
        owner=user,
        path=path,
        query=query,
        format=fmt,
        language=(language or "vi")[:8],
        title=str(spec.title)[:100],
    )
    from unicon.dataio import tasks  # the tasks module imports this one

    enqueue_on_commit(tasks.run_export, job.pk)
    return job


def _counted(job: ExportJob, pages: Iterator[export.Page]) -> Iterator[export.Page]:
    """The pages, writing the rows done so far to the job about once a second."""
    published = time.monotonic()
    for page in pages:
        yield page
        job.rows_done += len(page)
        if time.monotonic() - published >= PROGRESS_EVERY_SECONDS:
            published = time.monotonic()
            ExportJob.objects.filter(pk=job.pk).update(rows_done=job.rows_done)


def run(job_pk: int) -> None:
    """The job: write the export of a QUEUED job to storage (DONE), or record why not
    (FAILED). A job no longer QUEUED is left alone."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_pk).first()
        if job is None or job.state != JobState.QUEUED:
            return
        job.state, job.started_at = JobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at", "updated_at"])
    owner = job.owner
    bound = context.RequestContext(request_id=f"job-export-{job.public_id.hex[:12]}")
    key = ""
    try:
        with context.bound(bound), translation.override(job.language):
            if not owner.is_active:
                raise Forbidden(_("The account that asked for this export is deactivated."))
            match, spec = resolve_list(job.path)
            request = list_request(owner, job.path, job.query)
            with recording_totals() as totals:
                error, pages = export.list_pages(export.PageFetcher(request, match))
            if error is not None:
                raise _refusal(error)
            if totals:
                job.rows_total = totals[0]
                ExportJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
            key = _write(job, spec, _counted(job, pages))
    except Exception as exc:
        storage.delete_quietly(storage.primary(), [key])
        job.state, job.finished_at = JobState.FAILED, timezone.now()
        with translation.override(job.language):  # the page shows it (never a class name)
            job.error = (
                readable.text(exc)
                if isinstance(exc, ServiceError)
                else str(_("An unexpected error stopped it; it is in the server log."))
            )
        job.save()
        if not isinstance(exc, ServiceError):
            raise  # logged and counted by the worker
        return
    job.state, job.finished_at = JobState.DONE, timezone.now()
    job.save()


def _write(job: ExportJob, spec: ExportList, pages: Iterator[export.Page]) -> str:
    with tempfile.TemporaryFile() as out:
        if job.format == ExportFormat.XLSX:
            export.write_xlsx(spec, pages, out)
        else:
            for line in export.csv_lines(spec, pages):
                out.write(line.encode("utf-8"))
        job.size = out.tell()
        out.seek(0)
        key = storage.primary().save(storage.new_key(FOLDER, job.format), File(out))
    job.file_key = key
    job.file_name = f"{spec.name}-{timezone.localdate():%Y%m%d}.{job.format}"
    return key


# --------------------------------------------------------------------------- reading


def _visible(user):
    jobs = ExportJob.objects.select_related("owner")
    return jobs if policies.may_read_all_exports(user) else jobs.filter(owner=user)


def get(user, public_id) -> ExportJob:
    """One export of `user` (ADMIN: anyone's); NotFound otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound(_("No such export."))
    return crud.get_or_404(_visible(user), public_id, _("No such export."))


def mine(user, limit: int = 50) -> list[ExportJob]:
    """The latest exports `user` asked for, newest first."""
    return list(ExportJob.objects.filter(owner=user)[:limit])


def open_file(user, public_id) -> tuple[File, ExportJob]:
    """The stored file of a finished export, opened for reading, and its job. NotFound (not
    the owner nor ADMIN), Conflict (not finished, failed, or purged)."""
    job = get(user, public_id)
    if job.state != JobState.DONE or not job.file_key:
        raise Conflict(_("This export has no file (yet)."), {"state": job.state})
    try:
        return storage.primary().open(job.file_key, "rb"), job
    except FileNotFoundError:
        raise Conflict(_("The file of this export is no longer kept.")) from None


# --------------------------------------------------------------------------- purge


def purge(now=None) -> str:
    """Delete old exports (and files), drop old uploaded workbooks, fail lost jobs; returns
    what was done in one line."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DATAIO_FILE_RETENTION_DAYS)
    stale = now - timedelta(hours=settings.DATAIO_STALE_JOB_HOURS)
    waiting = Q(state__in=[JobState.QUEUED, JobState.RUNNING], updated_at__lt=stale)
    lost = _("The job did not finish (its worker stopped); start it again.")
    failed = ExportJob.objects.filter(waiting).update(
        state=JobState.FAILED, error=lost, finished_at=now
    )
    failed += ImportRun.objects.filter(waiting).update(
        state=JobState.FAILED, error=lost, finished_at=now
    )
    old = list(
        ExportJob.objects.filter(created_at__lt=cutoff).exclude(
            state__in=[JobState.QUEUED, JobState.RUNNING]
        )
    )
    storage.delete_quietly(storage.primary(), [job.file_key for job in old])
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    uploads = list(
        ImportRun.objects.filter(created_at__lt=cutoff)
        .exclude(file_key="")
        .exclude(state__in=[JobState.QUEUED, JobState.RUNNING])
    )
    storage.delete_quietly(storage.primary(), [run.file_key for run in uploads])
    dropped = ImportRun.objects.filter(pk__in=[run.pk for run in uploads]).update(
        file_key="", file_purged_at=now
    )
    return (
        f"{len(old)} export(s) deleted, {dropped} uploaded workbook(s) dropped, "
        f"{failed} lost job(s) failed"
    )

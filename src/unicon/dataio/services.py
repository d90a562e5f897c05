"""Import of the company workbook: `queue_import`, `queue_commit` (the page and the API:
on the job queue), `preview_import`, `commit_import` (the command line: in the caller).

One run reads the chosen sheets in `sheets.SPECS` order and sends every row through its
handler (see `engine`). All of a run happens in ONE transaction:

* a dry run (preview) always rolls it back — nothing is written except the `ImportRun` row
  that keeps the file and the report, so that the page can commit it later;
* a commit keeps it only when no row has an error; otherwise it is rolled back whole and
  the run is FAILED with the same report.

Re-running a file changes nothing: rows are matched by natural keys (customer code or name,
plate, driver phone or name, location name, order code) and only differences are written.

A full real workbook takes about 90 s — longer than a web request may last — so the page
and the API only store the upload and queue the step (`tasks.run_import`); the run's `state`
(QUEUED → RUNNING → DONE or FAILED) and its row counts say how far the job is.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unicon.accounts.models import User
from unicon.core import context, crud
from unicon.core.errors import Conflict, PayloadTooLarge, ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.dataio import policies, progress
from unicon.dataio.engine import ImportContext, Report, import_sheet
from unicon.dataio.models import ImportRun, JobState, RunAction, RunStatus
from unicon.dataio.sheets import SPECS
from unicon.dataio.workbook import error_report, find_sheets, open_workbook, template
from unicon.jobs import enqueue_on_commit
from unicon.pods import storage

logger = logging.getLogger("unicon.dataio")
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
UPLOADS = "imports"  # storage folder of the uploaded workbooks


class _Rollback(Exception):
    pass


def sheet_keys() -> list[str]:
    return [spec.key for spec in SPECS]


def _check_sheets(sheets: list[str] | None) -> list[str]:
    keys = sheet_keys()
    chosen = [s.strip() for s in sheets or [] if s.strip()] or keys
    unknown = [s for s in chosen if s not in keys]
    if unknown:
        raise ValidationFailed(
            _("Unknown sheet %(names)s; choose from %(keys)s.")
            % {"names": ", ".join(unknown), "keys": ", ".join(keys)},
            {"sheets": unknown},
        )
    return chosen


def _execute(user, run: ImportRun, content: bytes, commit: bool) -> Report:
    """Run every chosen sheet in one transaction; keep it only on a clean commit. The total
    row count is written to the run before the transaction starts (pollers see it)."""
    report = Report()
    book = open_workbook(content)
    specs = [spec for spec in SPECS if spec.key in run.sheets]
    counter = progress.RowCounter(run.public_id)
    try:
        with translation.override("en"):
            found, report.unknown_sheets = find_sheets(book, specs)
            run.rows_total = sum(len(data.rows) for data in found)
            run.save(update_fields=["rows_total", "updated_at"])
            try:
                with transaction.atomic():
                    ctx = ImportContext(user, run, report, counter)
                    for data in found:
                        import_sheet(data, ctx)
                    if not commit or report.error_count:
                        raise _Rollback
            except _Rollback:
                pass
    finally:
        book.close()
        counter.finish()
    return report


def _run(user, run: ImportRun, content: bytes, commit: bool) -> ImportRun:
    run.action = RunAction.COMMIT if commit else RunAction.PREVIEW
    run.state, run.started_at, run.rows_done = JobState.RUNNING, timezone.now(), 0
    run.save(update_fields=["action", "state", "started_at", "rows_done", "updated_at"])
    try:
        report = _execute(user, run, content, commit)
    except Exception as exc:
        # nothing of the run was kept (its transaction rolled back); say so, then let the
        # error reach the caller (logged with the request id or the job)
        run.status, run.state = RunStatus.FAILED, JobState.FAILED
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.report = {**Report().as_json(), "internalError": True}
        run.finished_at = timezone.now()
        run.save()
        raise
    if not commit:
        run.status = RunStatus.PREVIEWED
    elif report.error_count:
        run.status = RunStatus.FAILED
    else:
        run.status = RunStatus.COMMITTED
        drop_file(run)  # the file is no longer needed once imported
    run.report = report.as_json()
    run.state, run.rows_done, run.finished_at = JobState.DONE, run.rows_total, timezone.now()
    run.save()
    return run


def ensure_importer(user) -> None:
    """Forbidden unless `user` may import workbooks (ADMIN)."""
    ensure_role(user, policies.IMPORTERS)


def _new_run(user, content: bytes, file_name: str, sheets: list[str] | None) -> ImportRun:
    ensure_importer(user)
    if len(content) > MAX_WORKBOOK_BYTES:
        raise PayloadTooLarge(_("The workbook is larger than 20 MB."))
    chosen = _check_sheets(sheets)
    try:
        open_workbook(content).close()
    except ValueError as exc:
        raise ValidationFailed(str(exc), {"file": [str(exc)]}) from exc
    key = storage.write(storage.primary(), storage.new_key(UPLOADS, "xlsx"), content)
    try:
        return ImportRun.objects.create(
            created_by=user,
            file_name=(file_name or "workbook.xlsx")[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            file_key=key,
            sheets=chosen,
            status=RunStatus.PENDING,
            state=JobState.QUEUED,
        )
    except BaseException:
        storage.delete_quietly(storage.primary(), [key])  # no file without its run
        raise


def stored_file(run: ImportRun) -> bytes:
    """The uploaded workbook of `run`, read from storage; Conflict when it is not kept any
    more (imported, purged, or lost from storage)."""
    if run.file_key:
        try:
            return storage.read(storage.primary(), run.file_key)
        except FileNotFoundError:
            pass
    raise Conflict(_("The file of this import is no longer kept."))


def drop_file(run: ImportRun) -> None:
    """Delete the uploaded file of `run` from storage and forget its key (the caller saves)."""
    storage.delete_quietly(storage.primary(), [run.file_key])
    run.file_key = ""


def preview_import(user, content: bytes, file_name: str, sheets: list[str] | None = None):
    """Dry run in the caller (the command line): read `content` (an .xlsx file) and report
    what an import would do.

    Returns the saved `ImportRun` (status PREVIEWED) whose `report` holds, per sheet,
    rows read / created / updated / unchanged / duplicate / not imported / errors /
    warnings, and every issue with sheet, Excel row number, column and the reason in
    Vietnamese and English. Nothing else is written. Raises Forbidden (not ADMIN),
    PayloadTooLarge (> 20 MB), ValidationFailed (not a workbook, unknown sheet key).
    """
    run = _new_run(user, content, file_name, sheets)
    return _run(user, run, content, commit=False)


def commit_import(user, content: bytes, file_name: str, sheets: list[str] | None = None):
    """Import `content` for real in the caller, all or nothing: COMMITTED when no row had an
    error, else FAILED with nothing written. Same errors as `preview_import`."""
    run = _new_run(user, content, file_name, sheets)
    return _run(user, run, content, commit=True)


def queue_import(
    user, content: bytes, file_name: str, sheets: list[str] | None = None, commit: bool = False
) -> ImportRun:
    """Store the upload and queue its dry run (or, with `commit`, its import straight away):
    returns the run at once (state QUEUED, status PENDING); the worker fills in the report.
    Same errors as `preview_import` (checked before anything is stored)."""
    run = _new_run(user, content, file_name, sheets)
    if commit:
        run.action = RunAction.COMMIT
        run.save(update_fields=["action"])
    _enqueue(run, user)
    return run


def queue_commit(user, public_id) -> ImportRun:
    """Queue the import of a run's stored file (the upload → preview → commit flow): returns
    the run at once (state QUEUED, action COMMIT).

    Raises NotFound (no such run), Forbidden (not ADMIN), Conflict (already imported, a job
    of this run still queued or running, or the file no longer kept).
    """
    ensure_importer(user)
    with transaction.atomic():
        run = crud.get_or_404(
            ImportRun.objects.select_for_update(), public_id, _("No such import.")
        )
        if run.status == RunStatus.COMMITTED:
            raise Conflict(_("This workbook has already been imported."), {"status": run.status})
        if run.state in (JobState.QUEUED, JobState.RUNNING):
            raise Conflict(_("This import is still running."), {"state": run.state})
        if not run.file_key:
            raise Conflict(_("The file of this import is no longer kept."))
        run.state, run.action, run.rows_done, run.error = (
            JobState.QUEUED,
            RunAction.COMMIT,
            0,
            "",
        )
        run.save(update_fields=["state", "action", "rows_done", "error", "updated_at"])
        _enqueue(run, user)
    return run


def _enqueue(run: ImportRun, user) -> None:
    from unicon.dataio import tasks  # the tasks module imports this one

    enqueue_on_commit(tasks.run_import, run.pk, user.pk)


def run_queued(run_pk: int, user_pk: int) -> None:
    """The job: run the queued step of an import as `user_pk` (called by the worker). A run
    that is not QUEUED any more (run already, purged) is left alone, so a second delivery
    of the task changes nothing."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_pk).first()
        if run is None or run.state != JobState.QUEUED:
            return
        run.state = JobState.RUNNING
        run.save(update_fields=["state", "updated_at"])
    user = User.objects.get(pk=user_pk)
    job = context.RequestContext(
        request_id=f"job-{uuid.uuid4().hex[:16]}",
        user_agent="worker:import-workbook",
        request=SimpleNamespace(user=user),
    )
    with context.bound(job):
        try:
            ensure_importer(user)
        except Exception as exc:
            ImportRun.objects.filter(pk=run.pk).update(
                state=JobState.FAILED, error=str(exc), finished_at=timezone.now()
            )
            return
        try:
            content = stored_file(run)
        except Conflict as exc:
            ImportRun.objects.filter(pk=run.pk).update(
                state=JobState.FAILED, error=exc.message, finished_at=timezone.now()
            )
            return
        _run(user, run, content, commit=run.action == RunAction.COMMIT)


def progress_of(run: ImportRun) -> tuple[int, int]:
    """(rows done, rows in all) of a run: live while its job runs."""
    if run.state == JobState.RUNNING:
        live = progress.rows_done(run.public_id)
        return (min(live, run.rows_total) if live is not None else 0), run.rows_total
    return run.rows_done, run.rows_total


def get_run(user, public_id) -> ImportRun:
    """One run (its stored file is read only when used). NotFound, Forbidden (not ADMIN)."""
    ensure_importer(user)
    runs = ImportRun.objects.select_related("created_by")
    return crud.get_or_404(runs, public_id, _("No such import."))


def has_file(run: ImportRun) -> bool:
    """Whether the uploaded file of `run` is still kept (dropped once imported or purged)."""
    return bool(run.file_key)


def list_runs(user, limit: int = 20) -> list[ImportRun]:
    ensure_importer(user)
    return list(ImportRun.objects.select_related("created_by")[:limit])


def run_error_report(user, public_id, language: str) -> bytes:
    """The rows with errors of a run's file, with the reasons (XLSX bytes); a run without
    errors gives the report with its header row only (`workbook.error_report`). Conflict
    when the run has no report yet, or has errors but its file is no longer kept."""
    run = get_run(user, public_id)
    if not run.report:
        raise Conflict(_("This import has not been read yet; its report comes when it is."))
    issues = [i for i in run.report.get("issues", []) if i["level"] == "error"]
    content = stored_file(run) if issues else None
    with translation.override(language):
        return error_report(content, issues, language)


def template_workbook() -> bytes:
    """The empty workbook to fill in: every sheet's headers and one example row."""
    return template(SPECS)


def default_importer() -> User | None:
    """The oldest active ADMIN: the actor of a command-line import without `--user`."""
    return (
        User.objects.filter(role=Role.ADMIN, is_active=True).order_by("date_joined", "id").first()
    )

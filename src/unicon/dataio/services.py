"""Import of the company workbook: `preview_import`, `commit_import`, `commit_run`.

One run reads the chosen sheets in `sheets.SPECS` order and sends every row through its
handler (see `engine`). All of a run happens in ONE transaction:

* a dry run (preview) always rolls it back — nothing is written except the `ImportRun` row
  that keeps the file and the report, so that the page can commit it later;
* a commit keeps it only when no row has an error; otherwise it is rolled back whole and
  the run is FAILED with the same report.

Re-running a file changes nothing: rows are matched by natural keys (customer code or name,
plate, driver phone or name, location name, order code) and only differences are written.

Runs synchronously for now. To move it to the job queue, enqueue `commit_run(user_id,
run_id)` (both plain values) — the function has no request-bound argument.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from unicon.accounts.models import User
from unicon.core import crud
from unicon.core.errors import Conflict, PayloadTooLarge, ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.core.roles import Role
from unicon.dataio import policies
from unicon.dataio.engine import ImportContext, Report, import_sheet
from unicon.dataio.models import ImportRun, RunStatus
from unicon.dataio.sheets import SPECS
from unicon.dataio.workbook import error_report, find_sheets, open_workbook, template

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024


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
    """Run every chosen sheet in one transaction; keep it only on a clean commit."""
    report = Report()
    book = open_workbook(content)
    specs = [spec for spec in SPECS if spec.key in run.sheets]
    try:
        with transaction.atomic(), translation.override("en"):
            found, report.unknown_sheets = find_sheets(book, specs)
            ctx = ImportContext(user, run, report)
            for data in found:
                import_sheet(data, ctx)
            if not commit or report.error_count:
                raise _Rollback
    except _Rollback:
        pass
    finally:
        book.close()
    return report


def _run(user, run: ImportRun, content: bytes, commit: bool) -> ImportRun:
    try:
        report = _execute(user, run, content, commit)
    except Exception:
        # nothing of the run was kept (its transaction rolled back); say so, then let the
        # error reach the caller (logged as a 500 with the request id)
        run.status = RunStatus.FAILED
        run.report = {**Report().as_json(), "internalError": True}
        run.save(update_fields=["status", "report", "updated_at"])
        raise
    if not commit:
        run.status = RunStatus.PREVIEWED
    elif report.error_count:
        run.status = RunStatus.FAILED
    else:
        run.status = RunStatus.COMMITTED
    run.report = report.as_json()
    run.save(update_fields=["status", "report", "updated_at"])
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
        raise ValidationFailed(str(exc), {"file": ["not an xlsx workbook"]}) from exc
    return ImportRun.objects.create(
        created_by=user,
        file_name=(file_name or "workbook.xlsx")[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        sheets=chosen,
        status=RunStatus.PREVIEWED,
    )


def preview_import(user, content: bytes, file_name: str, sheets: list[str] | None = None):
    """Dry run: read `content` (an .xlsx file) and report what an import would do.

    Returns the saved `ImportRun` (status PREVIEWED) whose `report` holds, per sheet,
    rows read / created / updated / unchanged / duplicate / not imported / errors /
    warnings, and every issue with sheet, Excel row number, column and the reason in
    Vietnamese and English. Nothing else is written. Raises Forbidden (not ADMIN),
    PayloadTooLarge (> 20 MB), ValidationFailed (not a workbook, unknown sheet key).
    """
    run = _new_run(user, content, file_name, sheets)
    return _run(user, run, content, commit=False)


def commit_import(user, content: bytes, file_name: str, sheets: list[str] | None = None):
    """Import `content` for real, all or nothing: COMMITTED when no row had an error,
    else FAILED with nothing written. Same errors as `preview_import`."""
    run = _new_run(user, content, file_name, sheets)
    return commit_run(user, run.public_id)


def commit_run(user, public_id) -> ImportRun:
    """Commit a previewed run (the upload → preview → commit flow of the import page).

    Raises NotFound (no such run), Conflict (already committed), Forbidden (not ADMIN).
    The stored file is dropped once the run is committed.
    """
    run = get_run(user, public_id)
    if run.status == RunStatus.COMMITTED:
        raise Conflict(_("This workbook has already been imported."), {"status": run.status})
    run = _run(user, run, bytes(run.content), commit=True)
    if run.status == RunStatus.COMMITTED:
        run.content = b""
        run.save(update_fields=["content"])
    return run


def get_run(user, public_id) -> ImportRun:
    ensure_importer(user)
    return crud.get_or_404(ImportRun.objects.all(), public_id, _("No such import."))


def list_runs(user, limit: int = 20) -> list[ImportRun]:
    ensure_importer(user)
    return list(ImportRun.objects.defer("content").select_related("created_by")[:limit])


def run_error_report(user, public_id, language: str) -> bytes:
    """The rows with errors of a run's file, with the reasons (XLSX bytes). Conflict when
    the file is no longer kept (committed runs have no errors)."""
    run = get_run(user, public_id)
    if not run.content:
        raise Conflict(_("The file of this import is no longer kept."))
    issues = [i for i in run.report.get("issues", []) if i["level"] == "error"]
    with translation.override(language):
        return error_report(bytes(run.content), issues, language)


def template_workbook() -> bytes:
    """The empty workbook to fill in: every sheet's headers and one example row."""
    return template(SPECS)


def default_importer() -> User | None:
    """The oldest active ADMIN: the actor of a command-line import without `--user`."""
    return (
        User.objects.filter(role=Role.ADMIN, is_active=True).order_by("date_joined", "id").first()
    )

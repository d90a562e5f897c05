from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from django.core.management.base import CommandError
from django.utils.translation import get_language

from unicon.accounts import services as accounts
from unicon.core import context
from unicon.core.commands import ServiceCommand
from unicon.dataio import services
from unicon.dataio.models import RunStatus

COUNTS = ("rowsRead", "created", "updated", "unchanged", "duplicate", "notImported", "errors")
KEYS = ",".join(services.sheet_keys())
TITLES = ("rows", "create", "update", "unchanged", "duplicate", "not yet", "errors")


class Command(ServiceCommand):
    help = (
        "Import the company workbook (Quản lý đội xe vận tải.xlsx). Dry run by default: prints "
        "per sheet what would be created/updated and every error (sheet, row, column, reason), "
        "writes nothing. --commit imports all or nothing. --template writes the empty workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the .xlsx workbook")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="report only (the default)")
        mode.add_argument("--commit", action="store_true", help="import (all or nothing)")
        mode.add_argument("--template", action="store_true", help="write the template workbook")
        parser.add_argument(
            "--sheets",
            help=f"comma-separated sheet keys (default all: {KEYS})",
        )
        parser.add_argument(
            "--user", help="e-mail of the ADMIN doing the import (default: oldest ADMIN)"
        )
        parser.add_argument("--output", help="with --template: where to write it")
        parser.add_argument(
            "--errors-xlsx",
            help="write the rows with errors to this .xlsx file (its header row only when none)",
        )

    def handle(self, *args, **options):
        if options["template"]:
            if not options["output"]:
                raise CommandError("--template needs --output FILE.xlsx")
            Path(options["output"]).write_bytes(services.template_workbook())
            self.stdout.write(self.style.SUCCESS(f"Template written to {options['output']}"))
            return
        if not options["file"]:
            raise CommandError("Give the workbook file (or --template --output FILE).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = (
            accounts.get_user(options["user"]) if options["user"] else services.default_importer()
        )
        if user is None:
            raise CommandError("No active ADMIN user: create one with `unicon createadmin`.")
        sheets = options["sheets"].split(",") if options["sheets"] else None
        ctx = replace(context.current(), request=SimpleNamespace(user=user))
        with context.bound(ctx):
            action = services.commit_import if options["commit"] else services.preview_import
            run = action(user, path.read_bytes(), path.name, sheets)
        self._print(run, user)
        if options["errors_xlsx"]:  # always a workbook, as the API's errors.xlsx
            data = services.run_error_report(user, run.public_id, get_language())
            Path(options["errors_xlsx"]).write_bytes(data)
            self.stdout.write(
                f"Rows with errors written to {options['errors_xlsx']}"
                if run.report["errorCount"]
                else f"No rows with errors: {options['errors_xlsx']} has the header row only."
            )
        if run.report["errorCount"]:
            raise CommandError(
                f"{run.report['errorCount']} errors: nothing was imported."
                if options["commit"]
                else f"{run.report['errorCount']} errors: fix them before --commit."
            )

    def _print(self, run, user) -> None:
        message = "messageVi" if get_language() == "vi" else "messageEn"
        self.stdout.write(f"{run.file_name} — {run.get_status_display()} (by {user.email})")
        self.stdout.write(f"{'sheet':<28}" + "".join(f"{t:>10}" for t in TITLES))
        for sheet in run.report["sheets"]:
            counts = "".join(f"{sheet[c]:>10}" for c in COUNTS)
            self.stdout.write(f"{sheet['name'][:27]:<28}{counts}")
        for name in run.report["unknownSheets"]:
            self.stdout.write(f"{name[:27]:<28}  unknown sheet, not read")
        for issue in run.report["issues"]:
            where = f"{issue['sheet']}!{issue['row']}" + (
                f" [{issue['column']}]" if issue["column"] else ""
            )
            self.stdout.write(f"{issue['level'].upper():<8}{where}: {issue[message]}")
        style = self.style.SUCCESS if run.status != RunStatus.FAILED else self.style.ERROR
        if run.status == RunStatus.PREVIEWED:
            self.stdout.write(
                style("Dry run: nothing was written. Re-run with --commit to import.")
            )
        elif run.status == RunStatus.COMMITTED:
            self.stdout.write(style("Imported."))

"""The data tools' work on the job queue (`unicon.jobs`): workbook imports and list exports
that would outlast a web request, and the daily purge of their files."""

from unicon.dataio import export_jobs, services
from unicon.jobs import periodic, task


@task(retries=0)
def run_import(run_pk: int, user_pk: int) -> None:
    """The queued step (dry run or commit) of one workbook import, as the user who asked.

    Not retried: a failure is recorded on the run (FAILED, nothing written) and the user
    starts again from the page. Safe twice: a run no longer QUEUED is left alone."""
    services.run_queued(run_pk, user_pk)


@task(retries=0)
def run_export(job_pk: int) -> None:
    """Write one queued list export to storage (see `export_jobs.run`). Safe twice."""
    export_jobs.run(job_pk)


@periodic(
    "45 19 * * *",
    name="purge-data-files",
    description="Delete list exports and uploaded workbooks older than "
    "DATAIO_FILE_RETENTION_DAYS; fail jobs that lost their worker (02:45 VN)",
)
def purge_data_files() -> str:
    return export_jobs.purge()

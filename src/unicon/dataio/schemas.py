"""Request and response shapes of the data tools (camelCase JSON)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field, model_validator

from unicon.core.dates import Day
from unicon.core.schemas import CamelSchema
from unicon.dataio.export_jobs import list_title


class ProgressOut(CamelSchema):
    """Rows processed so far by a background job, and in all (`total` null when not known
    before the end, as for an export)."""

    done: int
    total: int | None = None


class ImportRunOut(CamelSchema):
    """One workbook import. `status`: PENDING (not read yet), PREVIEWED, COMMITTED, FAILED —
    the outcome of the last finished step. `state`: QUEUED, RUNNING, DONE, FAILED — the
    background job of the current step (`action` PREVIEW or COMMIT), with `progress` in
    rows; poll `GET /api/imports/{id}` until DONE or FAILED (`error` says why a job
    failed). `report`: `sheets` (per sheet: key, name, headerRow, rowsRead, created, updated,
    unchanged, duplicate, notImported, errors, warnings), `issues` (level error|warning,
    sheet, row as Excel shows it, column header, messageVi, messageEn), `unknownSheets`,
    `errorCount`, `warningCount`."""

    id: UUID
    file_name: str
    sha256: str
    status: str
    state: str
    action: str
    progress: ProgressOut
    error: str
    sheets: list[str]
    created_at: datetime
    finished_at: datetime | None
    file_kept: bool
    report: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _from_run(cls, run: Any) -> Any:
        if isinstance(run, dict):
            return run
        from unicon.dataio.services import has_file, progress_of

        done, total = progress_of(run)
        return {
            "id": run.public_id,
            **{
                name: getattr(run, name)
                for name in (
                    "file_name",
                    "sha256",
                    "status",
                    "state",
                    "action",
                    "error",
                    "sheets",
                    "created_at",
                    "finished_at",
                    "report",
                )
            },
            "progress": {"done": done, "total": total},
            "file_kept": has_file(run),
        }


class ExportIn(CamelSchema):
    """A list to export in the background: `url` is the list API with its filters, as it
    would be fetched (`/api/shipments?operationStatus=DELIVERED&dateFrom=2026-01-01`)."""

    url: str = Field(max_length=2000, examples=["/api/shipments?operationStatus=DELIVERED"])
    format: str = Field("xlsx", description="xlsx or csv")


def export_total(job: Any) -> int | None:
    """The 100 % of an export's progress: the rows written once DONE, else the list's size
    recorded when the job started (at least the rows already written)."""
    if job.state == "DONE":
        return job.rows_done
    return None if job.rows_total is None else max(job.rows_total, job.rows_done)


class ExportJobOut(CamelSchema):
    """One background export. `state` QUEUED → RUNNING → DONE (or FAILED with `error`);
    `progress.done` rows written so far out of `progress.total` (the list's size when the job
    started — an estimate on a very long list, never below `done`; null until the job has
    read the list's first page); `downloadUrl` once DONE (the owner and ADMIN only).
    The file is kept `DATAIO_FILE_RETENTION_DAYS` days (default 7)."""

    id: UUID
    list: str = Field(description="the list API path, e.g. /api/shipments")
    query: str = Field(description="its filters, as a query string")
    format: str
    title: str
    state: str
    progress: ProgressOut
    error: str
    file_name: str
    size: int = Field(description="bytes")
    created_at: datetime
    finished_at: datetime | None
    download_url: str | None

    @model_validator(mode="before")
    @classmethod
    def _from_job(cls, job: Any) -> Any:
        if isinstance(job, dict):
            return job
        done = job.state == "DONE"
        return {
            "id": job.public_id,
            "list": job.path,
            "progress": {"done": job.rows_done, "total": export_total(job)},
            "download_url": f"/api/exports/{job.public_id}/file" if done else None,
            "title": list_title(job),
            **{
                name: getattr(job, name)
                for name in (
                    "query",
                    "format",
                    "state",
                    "error",
                    "file_name",
                    "size",
                    "created_at",
                    "finished_at",
                )
            },
        }


class AuditActorOut(CamelSchema):
    id: UUID = Field(validation_alias="public_id")
    email: str
    full_name: str


class AuditEntryOut(CamelSchema):
    """One line of the audit trail (append-only). `changes`: {field: [before, after]};
    `actorLabel` keeps the actor's e-mail as it was (also for deleted users or the CLI)."""

    created_at: datetime
    actor: AuditActorOut | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    extra: dict[str, Any]
    request_id: str
    ip: str | None
    user_agent: str


class KpiFilters(CamelSchema):
    date_from: Day | None = None
    date_to: Day | None = None


class KpiFigureOut(CamelSchema):
    """A count and the list API URL that shows the rows it counts."""

    label: str
    count: int
    list_url: str


class KpiRateOut(CamelSchema):
    """Of `measured` rows with a recorded time, `on_time` were no later than planned;
    `rate` = onTime / measured (0-1, null when nothing was measured)."""

    measured: int
    on_time: int
    rate: float | None


class KpiDayOut(CamelSchema):
    date: date
    count: int


class KpiShipmentsOut(CamelSchema):
    total: KpiFigureOut
    by_status: list[KpiFigureOut]
    by_type: list[KpiFigureOut]
    per_day: list[KpiDayOut] = Field(description="every day of the range, by planned start")


class KpiOnTimeOut(CamelSchema):
    first_stop: KpiRateOut = Field(description="check-in at the first stop vs its window")
    last_stop: KpiRateOut = Field(description="delivery (actual end) vs planned end")


class KpiTractorTripsOut(CamelSchema):
    plate: str | None
    trips: int


class KpiDriverTripsOut(CamelSchema):
    name: str | None
    trips: int


class KpiFleetOut(CamelSchema):
    tractors_in_service: int
    trips: int = Field(description="driver tasks not cancelled, by planned start")
    trips_per_tractor_per_day: float | None
    idle_tractors: list[str] = Field(description="plates of tractors in service without a trip")
    top_tractors: list[KpiTractorTripsOut]
    top_drivers: list[KpiDriverTripsOut]


class KpiDocumentsOut(CamelSchema):
    delivered: int
    pod_complete: int = Field(description="delivered shipments with every stop checked out")
    pod_rate: float | None = Field(description="podComplete / delivered, 0-1")
    by_status: list[KpiFigureOut]
    late: int = Field(
        description="delivered more than 7 days before the range's end, papers pending"
    )


class KpiMoneyOut(CamelSchema):
    """A sum of money (VND, integer đồng), how many documents make it, and their list."""

    amount: int
    count: int
    list_url: str


class KpiRevenueOut(CamelSchema):
    invoiced: KpiMoneyOut = Field(
        description="issued invoices (not drafts, not cancelled) by invoice date, total with "
        "VAT; listUrl lists the range's invoices (cancelled ones shown there, not counted)"
    )
    collected: KpiMoneyOut = Field(description="customer payments by payment date, not reversed")


class KpiOut(CamelSchema):
    """The KPI dashboard of a date range (business days, both included)."""

    date_from: date
    date_to: date
    days: int
    shipments: KpiShipmentsOut
    on_time: KpiOnTimeOut
    fleet: KpiFleetOut
    documents: KpiDocumentsOut
    revenue: KpiRevenueOut
    top_customers: list[KpiFigureOut]

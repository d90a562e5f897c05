"""Request and response shapes of the data tools (camelCase JSON)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from unicon.core.schemas import CamelSchema


class ImportRunOut(CamelSchema):
    """One workbook import. `report`: `sheets` (per sheet: key, name, headerRow, rowsRead,
    created, updated, unchanged, duplicate, notImported, errors, warnings), `issues` (level
    error|warning, sheet, row as Excel shows it, column header, messageVi, messageEn),
    `unknownSheets`, `errorCount`, `warningCount`."""

    id: UUID = Field(validation_alias="public_id")
    file_name: str
    sha256: str
    status: str
    sheets: list[str]
    created_at: datetime
    report: dict[str, Any]


class KpiFilters(CamelSchema):
    date_from: date | None = None
    date_to: date | None = None

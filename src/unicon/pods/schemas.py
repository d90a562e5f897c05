from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field

from unicon.core.schemas import CamelSchema, ResolvedSchema
from unicon.pods import content
from unicon.pods.models import PodFile, ShipmentDocument


def has_thumbnail(obj) -> bool:
    """A thumbnail is stored, or is being made by the worker for a POD photo
    (`unicon.pods.previews`; its download meanwhile answers with the photo itself)."""
    return bool(obj.thumbnail_key) or (isinstance(obj, PodFile) and not obj.is_pdf)


class UploaderRef(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    full_name: str


class StopRef(ResolvedSchema):
    id: UUID = Field(validation_alias="public_id")
    sequence: int
    location_name: str


class FileOut(ResolvedSchema):
    original_name: str
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    uploaded_by: UploaderRef
    uploaded_at: datetime
    has_thumbnail: bool

    @staticmethod
    def resolve_has_thumbnail(obj) -> bool:
        return has_thumbnail(obj)


class PodOut(FileOut):
    id: UUID = Field(validation_alias="public_id")
    shipment_id: UUID
    shipment_number: str
    stop: StopRef | None
    photo_type: str
    note: str
    captured_at: datetime | None
    occurred_at: datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    locked: bool
    locked_at: datetime | None
    replaces_id: UUID | None
    correction_reason: str
    corrected_by: list[UUID]
    archived: bool
    archived_at: datetime | None
    in_primary_storage: bool
    file_url: str
    thumbnail_url: str | None
    received_sha256: str = Field(description="SHA-256 of the bytes as sent, before shrinking")
    received_size: int | None
    original_url: str | None = Field(
        description="the HEIC file as sent; `fileUrl` serves its JPEG rendition (made by the "
        "worker right after the upload; until then the HEIC file itself)"
    )

    @staticmethod
    def resolve_original_url(obj: PodFile):
        heic = obj.rendition_key or obj.content_type == content.HEIC
        return f"/api/pods/{obj.public_id}/file?original=true" if heic else None

    @staticmethod
    def resolve_shipment_id(obj: PodFile):
        return obj.shipment.public_id

    @staticmethod
    def resolve_shipment_number(obj: PodFile):
        return obj.shipment.number

    @staticmethod
    def resolve_locked(obj: PodFile):
        return obj.locked_at is not None

    @staticmethod
    def resolve_replaces_id(obj: PodFile):
        return obj.replaces.public_id if obj.replaces_id else None

    @staticmethod
    def resolve_corrected_by(obj: PodFile):
        return [c.public_id for c in obj.corrections.all()]

    @staticmethod
    def resolve_archived(obj: PodFile):
        return obj.archived_at is not None

    @staticmethod
    def resolve_in_primary_storage(obj: PodFile):
        return obj.deleted_from_primary_at is None

    @staticmethod
    def resolve_file_url(obj: PodFile):
        return f"/api/pods/{obj.public_id}/file"

    @staticmethod
    def resolve_thumbnail_url(obj: PodFile):
        return f"/api/pods/{obj.public_id}/thumbnail" if has_thumbnail(obj) else None


class PodUpdateIn(CamelSchema):
    note: str | None = None
    photo_type: str | None = None


class DocumentOut(FileOut):
    id: UUID = Field(validation_alias="public_id")
    shipment_id: UUID
    document_type: str
    notes: str
    verified: bool
    verified_by: UploaderRef | None
    verified_at: datetime | None
    file_url: str
    thumbnail_url: str | None

    @staticmethod
    def resolve_shipment_id(obj: ShipmentDocument):
        return obj.shipment.public_id

    @staticmethod
    def resolve_verified(obj: ShipmentDocument):
        return obj.verified_at is not None

    @staticmethod
    def resolve_file_url(obj: ShipmentDocument):
        return f"/api/documents/{obj.public_id}/file"

    @staticmethod
    def resolve_thumbnail_url(obj: ShipmentDocument):
        return f"/api/documents/{obj.public_id}/thumbnail" if obj.thumbnail_key else None

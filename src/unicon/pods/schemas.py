from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from unicon.pods import content
from unicon.pods.models import PodFile, ShipmentDocument


def has_thumbnail(obj) -> bool:
    """A thumbnail is stored, or is being made by the worker for a POD photo
    (`unicon.pods.previews`; its download meanwhile answers with the photo itself)."""
    return bool(obj.thumbnail_key) or (isinstance(obj, PodFile) and not obj.is_pdf)


class UserRef(Schema):
    id: UUID = Field(alias="public_id")
    fullName: str = Field(alias="full_name")


class StopRef(Schema):
    id: UUID = Field(alias="public_id")
    sequence: int
    locationName: str = Field(alias="location_name")


class FileOut(Schema):
    originalName: str = Field(alias="original_name")
    contentType: str = Field(alias="content_type")
    size: int
    sha256: str
    width: int | None
    height: int | None
    uploadedBy: UserRef = Field(alias="uploaded_by")
    uploadedAt: datetime = Field(alias="uploaded_at")
    hasThumbnail: bool

    @staticmethod
    def resolve_hasThumbnail(obj) -> bool:
        return has_thumbnail(obj)


class PodOut(FileOut):
    id: UUID = Field(alias="public_id")
    shipmentId: UUID
    shipmentNumber: str
    stop: StopRef | None
    photoType: str = Field(alias="photo_type")
    note: str
    capturedAt: datetime | None = Field(alias="captured_at")
    occurredAt: datetime | None = Field(alias="occurred_at")
    latitude: Decimal | None
    longitude: Decimal | None
    locked: bool
    lockedAt: datetime | None = Field(alias="locked_at")
    replacesId: UUID | None
    correctionReason: str = Field(alias="correction_reason")
    correctedBy: list[UUID]
    archived: bool
    archivedAt: datetime | None = Field(alias="archived_at")
    inPrimaryStorage: bool
    fileUrl: str
    thumbnailUrl: str | None
    receivedSha256: str = Field(
        alias="received_sha256", description="SHA-256 of the bytes as sent, before shrinking"
    )
    receivedSize: int | None = Field(alias="received_size")
    originalUrl: str | None = Field(
        description="the HEIC file as sent; `fileUrl` serves its JPEG rendition (made by the "
        "worker right after the upload; until then the HEIC file itself)"
    )

    @staticmethod
    def resolve_originalUrl(obj: PodFile):
        heic = obj.rendition_key or obj.content_type == content.HEIC
        return f"/api/pods/{obj.public_id}/file?original=true" if heic else None

    @staticmethod
    def resolve_shipmentId(obj: PodFile):
        return obj.shipment.public_id

    @staticmethod
    def resolve_shipmentNumber(obj: PodFile):
        return obj.shipment.number

    @staticmethod
    def resolve_locked(obj: PodFile):
        return obj.locked_at is not None

    @staticmethod
    def resolve_replacesId(obj: PodFile):
        return obj.replaces.public_id if obj.replaces_id else None

    @staticmethod
    def resolve_correctedBy(obj: PodFile):
        return [c.public_id for c in obj.corrections.all()]

    @staticmethod
    def resolve_archived(obj: PodFile):
        return obj.archived_at is not None

    @staticmethod
    def resolve_inPrimaryStorage(obj: PodFile):
        return obj.deleted_from_primary_at is None

    @staticmethod
    def resolve_fileUrl(obj: PodFile):
        return f"/api/pods/{obj.public_id}/file"

    @staticmethod
    def resolve_thumbnailUrl(obj: PodFile):
        return f"/api/pods/{obj.public_id}/thumbnail" if has_thumbnail(obj) else None


class PodUpdateIn(Schema):
    note: str | None = None
    photoType: str | None = None


class DocumentOut(FileOut):
    id: UUID = Field(alias="public_id")
    shipmentId: UUID
    documentType: str = Field(alias="document_type")
    notes: str
    verified: bool
    verifiedBy: UserRef | None = Field(alias="verified_by")
    verifiedAt: datetime | None = Field(alias="verified_at")
    fileUrl: str
    thumbnailUrl: str | None

    @staticmethod
    def resolve_shipmentId(obj: ShipmentDocument):
        return obj.shipment.public_id

    @staticmethod
    def resolve_verified(obj: ShipmentDocument):
        return obj.verified_at is not None

    @staticmethod
    def resolve_fileUrl(obj: ShipmentDocument):
        return f"/api/documents/{obj.public_id}/file"

    @staticmethod
    def resolve_thumbnailUrl(obj: ShipmentDocument):
        return f"/api/documents/{obj.public_id}/thumbnail" if obj.thumbnail_key else None

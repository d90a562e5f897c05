"""POD files and shipment documents: multipart uploads, lists, downloads. Handlers are thin."""

from functools import wraps
from uuid import UUID

from django.http import HttpRequest, JsonResponse
from ninja import File, Form, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from unicon.core.errors import ServiceError, error_body
from unicon.core.pagination import Paged
from unicon.core.schemas import ErrorOut
from unicon.pods import content, downloads, services, serving
from unicon.pods.schemas import DocumentOut, PodOut, PodUpdateIn

router = Router(tags=["pods"], by_alias=True)

ERRORS = {status: ErrorOut for status in (400, 403, 404, 409, 413)}


def body_limit(run):
    """Answer 413 from Content-Length alone, before the multipart body is read or spooled."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            content.check_request_size(request.META.get("CONTENT_LENGTH"))
        except ServiceError as exc:
            return JsonResponse(error_body(exc.code, exc.message, exc.details), status=exc.status)
        return run(request, *args, **kwargs)

    return wrapper


@decorate_view(body_limit)
@router.post(
    "/shipments/{shipment_id}/pods",
    response={201: PodOut, **ERRORS},
    summary="Upload a photo / POD file to a shipment",
)
def upload_shipment_pod(
    request: HttpRequest,
    shipment_id: UUID,
    file: File[UploadedFile] = None,
    stopId: Form[str] = None,
    photoType: Form[str] = None,
    note: Form[str] = "",
    occurredAt: Form[str] = None,
):
    """Multipart `file` (JPEG, PNG, PDF, WebP, HEIC; checked by content; ≤ `POD_MAX_BYTES`,
    20 MB by default) with optional `stopId`, `photoType`, `note`. The assigned driver, OPS or
    ADMIN. A JPEG larger than `POD_PHOTO_MAX_SIDE` px (1920) is stored shrunk, EXIF kept.
    `occurredAt` (ISO 8601): when the phone sent it, if it was offline."""
    pod = services.upload_pod(
        request.user,
        shipment_id,
        file,
        stop_id=stopId,
        photo_type=photoType,
        note=note,
        occurred_at=occurredAt,
    )
    return Status(201, pod)


@decorate_view(body_limit)
@router.post("/pods/upload", response={201: PodOut, **ERRORS}, summary="Upload (runbook form)")
def upload_pod(
    request: HttpRequest,
    file: File[UploadedFile] = None,
    shipmentId: Form[str] = None,
    stopId: Form[str] = None,
    photoType: Form[str] = None,
    note: Form[str] = "",
    occurredAt: Form[str] = None,
):
    """The runbook's `curl -F file=@test.jpg -F shipmentId=SHP-2026-0001`; `shipmentId` is the
    shipment's id or number."""
    pod = services.upload_pod(
        request.user,
        shipmentId,
        file,
        stop_id=stopId,
        photo_type=photoType,
        note=note,
        occurred_at=occurredAt,
    )
    return Status(201, pod)


@router.get(
    "/shipments/{shipment_id}/pods", response=Paged[PodOut], summary="Photos / POD of a shipment"
)
def list_pods(
    request: HttpRequest,
    shipment_id: UUID,
    stopId: str | None = None,
    photoType: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
):
    """Oldest first; `stopId` narrows to one stop. Archived files stay listed (`archived`,
    `inPrimaryStorage`)."""
    page = services.list_pods(
        request.user,
        shipment_id,
        stop_id=stopId,
        photo_type=photoType,
        limit=limit,
        cursor=cursor,
    )
    return page.as_response()


@router.get("/pods/{pod_id}", response=PodOut, summary="One POD file")
def get_pod(request: HttpRequest, pod_id: UUID):
    return services.pod_detail(request.user, pod_id)


@router.patch("/pods/{pod_id}", response={200: PodOut, **ERRORS}, summary="Edit note / type")
def update_pod(request: HttpRequest, pod_id: UUID, payload: PodUpdateIn):
    """Only while not locked (409 after the stop's check-out)."""
    services.update_pod(request.user, pod_id, note=payload.note, photo_type=payload.photo_type)
    return services.pod_detail(request.user, pod_id)


@router.delete("/pods/{pod_id}", response={204: None, **ERRORS}, summary="Delete a POD file")
def delete_pod(request: HttpRequest, pod_id: UUID):
    """OPS/ADMIN or the uploader, only while not locked."""
    services.delete_pod(request.user, pod_id)
    return Status(204, None)


@decorate_view(body_limit)
@router.post(
    "/pods/{pod_id}/corrections",
    response={201: PodOut, **ERRORS},
    summary="Correct a (locked) file with a new one",
)
def correct_pod(
    request: HttpRequest,
    pod_id: UUID,
    file: File[UploadedFile] = None,
    reason: Form[str] = "",
    photoType: Form[str] = None,
    note: Form[str] = "",
):
    """A new file linked to the one it corrects, with a reason; the old one stays listed."""
    pod = services.correct_pod(
        request.user, pod_id, file, reason=reason, photo_type=photoType, note=note
    )
    return Status(201, pod)


@router.get("/pods/{pod_id}/file", summary="Download a POD file (after the access check)")
def pod_file(request: HttpRequest, pod_id: UUID, original: bool = False):
    """A HEIC photo comes as its full-size JPEG rendition (browsers show it inline);
    `original=true` gives the HEIC file as it was sent."""
    return serving.respond(downloads.pod_download(request.user, pod_id, original=original))


@router.get("/pods/{pod_id}/thumbnail", summary="A 320 px JPEG thumbnail of an image")
def pod_thumbnail(request: HttpRequest, pod_id: UUID):
    return serving.respond(downloads.pod_download(request.user, pod_id, thumbnail=True))


# --------------------------------------------------------------------------- documents


@decorate_view(body_limit)
@router.post(
    "/shipments/{shipment_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary="Upload a shipment document",
)
def upload_document(
    request: HttpRequest,
    shipment_id: UUID,
    file: File[UploadedFile] = None,
    documentType: Form[str] = None,
    notes: Form[str] = "",
):
    """Staff (not drivers) on any shipment; customers on their own."""
    document = services.upload_document(
        request.user, shipment_id, file, document_type=documentType, notes=notes
    )
    return Status(201, services.document_detail(request.user, document.public_id))


@router.get(
    "/shipments/{shipment_id}/documents",
    response=Paged[DocumentOut],
    summary="Documents of a shipment",
)
def list_documents(
    request: HttpRequest,
    shipment_id: UUID,
    type: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
):
    page = services.list_documents(
        request.user, shipment_id, document_type=type, limit=limit, cursor=cursor
    )
    return page.as_response()


@router.get("/documents/{document_id}", response=DocumentOut, summary="One document")
def get_document(request: HttpRequest, document_id: UUID):
    return services.document_detail(request.user, document_id)


@router.post(
    "/documents/{document_id}/verify", response={200: DocumentOut, **ERRORS}, summary="Verify"
)
def verify_document(request: HttpRequest, document_id: UUID):
    """OPS/ADMIN, once; a verified document can no longer be deleted."""
    services.verify_document(request.user, document_id)
    return services.document_detail(request.user, document_id)


@router.delete(
    "/documents/{document_id}", response={204: None, **ERRORS}, summary="Delete a document"
)
def delete_document(request: HttpRequest, document_id: UUID):
    """OPS/ADMIN or the uploader, while not verified; the file is removed from storage."""
    services.delete_document(request.user, document_id)
    return Status(204, None)


@router.get("/documents/{document_id}/file", summary="Download a document")
def document_file(request: HttpRequest, document_id: UUID):
    return serving.respond(downloads.document_download(request.user, document_id))


@router.get("/documents/{document_id}/thumbnail", summary="Thumbnail of an image document")
def document_thumbnail(request: HttpRequest, document_id: UUID):
    return serving.respond(downloads.document_download(request.user, document_id, thumbnail=True))

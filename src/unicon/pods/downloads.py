"""Serving a POD or document file: which stored object (the file, its thumbnail, a HEIC
photo's JPEG rendition), its type and name, after the same visibility check as the rest of
`pods.services`. `pods.serving` streams it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from unicon.core.errors import Conflict, NotFound
from unicon.pods import content
from unicon.pods.models import PodFile
from unicon.pods.services import _get_document, _get_pod


@dataclass(frozen=True)
class Download:
    key: str
    content_type: str
    filename: str
    attachment: bool


def _download(obj, *, thumbnail: bool) -> Download:
    if thumbnail:
        if not obj.thumbnail_key and isinstance(obj, PodFile) and not obj.is_pdf:
            return _pending_thumbnail(obj)
        if not obj.thumbnail_key:
            raise NotFound(_("This file has no thumbnail."))
        return Download(obj.thumbnail_key, content.JPEG, f"{_stem(obj)}-thumbnail.jpg", False)
    if isinstance(obj, PodFile) and not obj.in_primary_storage:
        raise Conflict(
            _("This file was moved to the archive; ask operations to restore it."),
            {"archivedAt": obj.archived_at.isoformat() if obj.archived_at else None},
        )
    return Download(obj.storage_key, obj.content_type, obj.original_name, obj.is_pdf)


def _pending_thumbnail(pod: PodFile) -> Download:
    """Thumbnail not made yet (`pods.previews`): the photo itself, or 404 saying so."""
    if pod.content_type == content.HEIC or not pod.in_primary_storage:
        raise NotFound(_("The thumbnail is still being made; try again in a moment."))
    return Download(pod.storage_key, pod.content_type, pod.original_name, False)


def _stem(obj) -> str:
    return obj.original_name.rsplit(".", 1)[0] or "file"


def pod_download(user, pod_id, *, thumbnail: bool = False, original: bool = False) -> Download:
    """The file of a POD; a HEIC photo is served as its JPEG rendition (shown inline by
    browsers) unless `original` asks for the bytes as sent."""
    pod = _get_pod(user, pod_id)
    if pod.rendition_key and not thumbnail and not original:
        return Download(pod.rendition_key, content.JPEG, f"{_stem(pod)}.jpg", False)
    return _download(pod, thumbnail=thumbnail)


def document_download(user, document_id, *, thumbnail: bool = False) -> Download:
    return _download(_get_document(user, document_id), thumbnail=thumbnail)

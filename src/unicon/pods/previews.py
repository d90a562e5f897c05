"""Thumbnails and JPEG renditions of uploaded photos, made by the worker after the upload.

The upload request only checks the file, writes it and its row (`services._save_pod`); the
row's commit queues `make_previews`, which writes the thumbnail (and, for HEIC, the JPEG
rendition) and records their keys on the row, so archive, backup and sweep
(`PodFile.key_fields`) see them as they see every other key. Until then the thumbnail
download answers with the photo itself (JPEG/PNG/WebP) or 404 "still being made" (HEIC).
"""

import logging

from django.db import transaction

from unicon.jobs import task
from unicon.pods import content, renditions, storage
from unicon.pods.models import PodFile

log = logging.getLogger(__name__)


@task()
def make_previews(pod_id: int) -> None:
    """Write the thumbnail (and a HEIC photo's JPEG rendition) of POD file `pod_id`.

    Does nothing for a row that is gone, a PDF, a file already archived or previews already
    made (a repeated task). The keys are recorded only if the row still points at the same
    stored file; otherwise, or on any failure, what was written is deleted again (no orphan
    files). A failure raises, so the queue retries the task.
    """
    pod = PodFile.objects.filter(pk=pod_id).first()
    if pod is None or pod.is_pdf or pod.thumbnail_key or not pod.in_primary_storage:
        return
    store = storage.primary()
    data = storage.read(store, pod.storage_key)
    written: list[str] = []
    try:
        thumb = storage.write(
            store, storage.thumbnail_key_for(pod.storage_key), (content.thumbnail_of(data))
        )
        written.append(thumb)
        rendition = ""
        if pod.content_type == content.HEIC and not pod.rendition_key:
            rendition = storage.write(
                store, storage.rendition_key_for(pod.storage_key), renditions.heic_to_jpeg(data)
            )
            written.append(rendition)
        keys = {"thumbnail_key": thumb, **({"rendition_key": rendition} if rendition else {})}
        with transaction.atomic():
            recorded = PodFile.objects.filter(
                pk=pod.pk, storage_key=pod.storage_key, thumbnail_key=""
            ).update(**keys)
    except BaseException:
        storage.delete_quietly(store, written)
        raise
    if not recorded:
        log.info("POD %s changed before its previews were recorded; dropped them", pod.public_id)
        storage.delete_quietly(store, written)

"""Phone-camera photos made fit to store and to show, while they stay evidence.

A normal 12 MP phone JPEG (4032×3024, 5-8 MB) is shrunk in the browser by the driver page
(`pods/photo-shrink.js`); API clients may send the original (up to `POD_MAX_BYTES`) and the
server shrinks it the same way: long side ≤ `POD_PHOTO_MAX_SIDE` px, JPEG quality
`POD_PHOTO_QUALITY`. The camera's EXIF block is copied unchanged into the new file, so its
capture time, GPS position and orientation stay with the photo; the SHA-256 and size of the
bytes as received are kept beside those of the stored file.

A HEIC photo (iPhone) is stored as sent and gets a full-size JPEG rendition, because browsers
do not show HEIC inline (made by the worker, `unicon.pods.previews`).
"""

import io

from django.conf import settings
from PIL import Image, ImageOps

from unicon.pods.content import JPEG, Inspected
from unicon.pods.storage import sha256_of_bytes

# Above this the stored JPEG is re-encoded even when its pixel size is already small.
RECOMPRESS_ABOVE_BYTES = 2 * 1024 * 1024


def _encode(image: Image.Image, exif: bytes | None, quality: int) -> bytes:
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    options = {"quality": quality, "optimize": True}
    if exif:
        options["exif"] = exif
    image.save(out, "JPEG", **options)
    return out.getvalue()


def shrink_photo(found: Inspected) -> None:
    """Re-encode a JPEG larger than `POD_PHOTO_MAX_SIDE` px or `RECOMPRESS_ABOVE_BYTES` in
    place (`found.data`, `size`, `sha256`, `width`, `height`); other files are left alone.

    The pixels keep their stored orientation and the original EXIF (orientation tag included)
    is copied, so viewers turn the photo exactly as they turned the original.
    """
    limit = settings.POD_PHOTO_MAX_SIDE
    if found.content_type != JPEG:
        return
    if max(found.width or 0, found.height or 0) <= limit and found.size <= RECOMPRESS_ABOVE_BYTES:
        return
    with Image.open(io.BytesIO(found.data)) as image:
        exif = image.info.get("exif")
        image.draft("RGB", (limit, limit))  # DCT scaling: decode at 1/2, 1/4 … when possible
        image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
        data = _encode(image, exif, settings.POD_PHOTO_QUALITY)
        width, height = image.size
    if found.width != found.height and (found.width > found.height) != (width > height):
        width, height = height, width  # the upright size, as `inspect` reported it
    found.data, found.size, found.sha256 = data, len(data), sha256_of_bytes(data)
    found.width, found.height = width, height


def heic_to_jpeg(data: bytes) -> bytes:
    """The full-size, upright JPEG of HEIC bytes (EXIF capture time and GPS copied)."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        upright = ImageOps.exif_transpose(image)
        exif.pop(0x0112, None)  # the pixels are upright now
        return _encode(upright, exif.tobytes(), settings.POD_PHOTO_QUALITY)

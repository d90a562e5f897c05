"""What an uploaded file really is: magic bytes first (never the name or declared type),
then a full decode for images (Pillow), EXIF capture time/GPS, orientation and a thumbnail."""

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from unicon.core.errors import PayloadTooLarge, ValidationFailed
from unicon.core.limits import max_body_bytes

JPEG, PNG, PDF, WEBP, HEIC = (
    "image/jpeg",
    "image/png",
    "application/pdf",
    "image/webp",
    "image/heic",
)
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf", WEBP: "webp", HEIC: "heic"}
LABELS = {JPEG: "JPEG", PNG: "PNG", PDF: "PDF", WEBP: "WebP", HEIC: "HEIC"}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", HEIC: "HEIF"}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Markup that a browser could render if it ever ignored our Content-Type; no PDF needs it
# at its start, so a "PDF" carrying it there is a polyglot and is refused.
MARKUP = re.compile(rb"<\s*(html|script|body|head|iframe|svg|!doctype|object|embed)", re.I)
THUMBNAIL_PX = 320
MAX_PIXELS = 60_000_000
_heif_available = False


def register_optional_formats() -> None:
    """Teach Pillow HEIC/HEIF when `pillow-heif` is installed (phones send HEIC)."""
    global _heif_available
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # optional: HEIC is then simply not accepted
        return
    register_heif_opener()
    _heif_available = True


def accepted_types() -> list[str]:
    types = [JPEG, PNG, PDF, WEBP]
    if _heif_available:
        types.append(HEIC)
    return types


def sniff(head: bytes) -> str | None:
    """The content type told by the first bytes, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    return None


@dataclass
class Inspected:
    data: bytes
    content_type: str
    extension: str
    sha256: str
    size: int
    original_name: str
    width: int | None = None
    height: int | None = None
    captured_at: datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    thumbnail: bytes | None = None
    # what was received, before any server-side shrinking (see unicon.pods.renditions)
    received_sha256: str = ""
    received_size: int = 0


def clean_name(name: str | None, extension: str) -> str:
    """The user's file name made safe for display: no path, no control characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    name = name[:200]
    return name or f"file.{extension}"


def max_bytes() -> int:
    return settings.POD_MAX_BYTES


def _too_large(size: int) -> PayloadTooLarge:
    limit = max_bytes()
    return PayloadTooLarge(
        _("The file is %(size)s bytes; the limit is %(limit)s bytes (%(mb)s MB).")
        % {"size": size, "limit": limit, "mb": round(limit / 1024 / 1024, 1)},
        {"maxBytes": limit, "size": size},
    )


def check_request_size(content_length) -> None:
    """Refuse a request body that cannot hold an acceptable file, before Django reads it."""
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return
    if length > max_body_bytes():
        raise _too_large(length)


def _wrong_type() -> ValidationFailed:
    labels = ", ".join(LABELS[t] for t in accepted_types())
    return ValidationFailed(
        _("Unsupported file type. Accepted types: %(types)s.") % {"types": labels},
        {
            "file": [_("Accepted types: %(types)s.") % {"types": labels}],
            "accepted": accepted_types(),
        },
    )


def inspect(upload, *, thumbnail: bool = True) -> Inspected:
    """Check an uploaded file (Django `UploadedFile`) and describe it; raise on anything wrong.
    `thumbnail=False` leaves `found.thumbnail` None (photos: the worker makes it, see
    `unicon.pods.previews`); the image is decoded for the check either way."""
    if upload is None:
        raise ValidationFailed(_("Attach a file."), {"file": [_("Required.")]})
    size = upload.size or 0
    if size > max_bytes():
        raise _too_large(size)
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise _too_large(len(data))
    if not data:
        raise ValidationFailed(_("The file is empty."), {"file": [_("Empty file.")]})
    content_type = sniff(data[:32])
    if content_type is None or content_type not in accepted_types():
        raise _wrong_type()
    digest = hashlib.sha256(data).hexdigest()
    found = Inspected(
        data=data,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        sha256=digest,
        size=len(data),
        original_name=clean_name(getattr(upload, "name", ""), EXTENSIONS[content_type]),
        received_sha256=digest,
        received_size=len(data),
    )
    if content_type == PDF:
        _check_pdf(data)
    else:
        _read_image(found, thumbnail)
    return found


def _check_pdf(data: bytes) -> None:
    if not re.match(rb"%PDF-[12]\.\d", data[:8]) or b"%%EOF" not in data[-2048:]:
        raise ValidationFailed(
            _("The PDF is damaged or incomplete."), {"file": [_("Not a valid PDF.")]}
        )
    if MARKUP.search(data[:4096]):
        raise ValidationFailed(
            _("The PDF contains web page markup and was refused."),
            {"file": [_("Not a plain PDF.")]},
        )


def _read_image(found: Inspected, thumbnail: bool = True) -> None:
    invalid = ValidationFailed(
        _("The image could not be read; it may be damaged or not really a %(type)s.")
        % {"type": LABELS[found.content_type]},
        {"file": [_("Unreadable image.")]},
    )
    expected = PILLOW_FORMATS[found.content_type]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(found.data)) as probe:
                if probe.format != expected:
                    raise invalid
                if probe.width * probe.height > MAX_PIXELS:
                    raise invalid
                probe.verify()
            with Image.open(io.BytesIO(found.data)) as image:
                exif = image.getexif()
                found.width, found.height = _upright_size(image.size, exif)
                if image.format == "JPEG":
                    # DCT-scaled decode: still reads the whole stream (a damaged file fails),
                    # but builds ~1/8 of the pixels, which is all the thumbnail needs
                    image.draft(image.mode, (THUMBNAIL_PX, THUMBNAIL_PX))
                image.load()
                found.captured_at = _captured_at(exif)
                found.latitude, found.longitude = _gps(exif)
                if thumbnail:
                    found.thumbnail = _thumbnail(ImageOps.exif_transpose(image))
        except ValidationFailed:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
            raise invalid from exc
        except Image.DecompressionBombError as exc:
            raise invalid from exc


ORIENTATION = 0x0112


def _upright_size(size: tuple[int, int], exif) -> tuple[int, int]:
    """Width and height as shown: EXIF orientations 5-8 turn the picture a quarter."""
    width, height = size
    return (height, width) if exif.get(ORIENTATION) in (5, 6, 7, 8) else (width, height)


def thumbnail_of(data: bytes) -> bytes:
    """The upright JPEG thumbnail (long side `THUMBNAIL_PX`) of stored image bytes that
    `inspect` already accepted."""
    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG":
            image.draft(image.mode, (THUMBNAIL_PX, THUMBNAIL_PX))
        image.load()
        return _thumbnail(ImageOps.exif_transpose(image))


def _thumbnail(image: Image.Image) -> bytes:
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    if thumb.mode not in ("RGB", "L"):
        background = Image.new("RGB", thumb.size, "white")
        rgba = thumb.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        thumb = background
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 36867, 306


def _captured_at(exif) -> datetime | None:
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not raw:
        return None
    try:
        naive = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # EXIF has no zone: a phone's clock is local business time.
    return timezone.make_aware(naive, timezone.get_default_timezone())


def _degrees(value) -> Decimal | None:
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return Decimal(str(round(d + m / 60 + s / 3600, 6)))


def _gps(exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(GPS_IFD)
    if not gps or 2 not in gps or 4 not in gps:
        return None, None
    lat, lng = _degrees(gps[2]), _degrees(gps[4])
    if lat is None or lng is None:
        return None, None
    if str(gps.get(1, "N")).upper().startswith("S"):
        lat = -lat
    if str(gps.get(3, "E")).upper().startswith("W"):
        lng = -lng
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None
    return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))

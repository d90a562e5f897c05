"""Offline OCR of paper or photographed purchase invoices: Tesseract (Debian packages
`tesseract-ocr` + `tesseract-ocr-vie`) through pytesseract; PDFs rasterised with `pdftoppm`
(Debian `poppler-utils`). Nothing leaves this machine.

`read_invoice(files)` → `Reading`: the text, and the fields found in it, each with a
confidence 0..1 (mean Tesseract word confidence of the line it came from).
Pages are turned upright (Tesseract's orientation detection) and deskewed (the small angle
that makes text rows sharpest), then read in Vietnamese + English.
"""

import contextlib
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from unicon.pods.content import PDF

INSTALL_HINT = (
    "Install the OCR engine: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"
)
LANGUAGES = "vie+eng"
PDF_DPI = 300
MAX_PDF_PAGES = 3
PDFTOPPM = shutil.which("pdftoppm")
DESKEW_ANGLES = [a / 2 for a in range(-12, 13)]  # ±6° in half degrees


class OcrUnavailable(Exception):
    """Tesseract (or its Vietnamese data, or pdftoppm for PDFs) is not installed."""


class OcrFailed(Exception):
    """The engine ran but could not read the file (damaged, timeout)."""


@dataclass
class Reading:
    text: str
    fields: dict[str, dict] = field(default_factory=dict)


def availability() -> str | None:
    """None when OCR can run here; else what to install (shown on pages and by the command)."""
    try:
        import pytesseract

        languages = pytesseract.get_languages(config="")
    except Exception:
        return INSTALL_HINT
    if "vie" not in languages:
        return INSTALL_HINT
    return None


def _rasterise(data: bytes) -> list[Image.Image]:
    if PDFTOPPM is None:
        raise OcrUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 — our fixed program and temporary paths
                [
                    PDFTOPPM,
                    "-r",
                    str(PDF_DPI),
                    "-gray",
                    "-png",
                    "-l",
                    str(MAX_PDF_PAGES),
                    str(source),
                    str(Path(folder) / "page"),
                ],
                check=True,
                capture_output=True,
                timeout=settings.COSTS_OCR_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise OcrFailed(_("The PDF could not be rasterised.")) from exc
        pages = []
        for path in sorted(Path(folder).glob("page*.png")):
            with Image.open(path) as image:
                pages.append(image.copy())
        return pages


def _sharpness(image: Image.Image) -> float:
    """How crisp the text rows are: variance of the row means (rows of text vs. gaps)."""
    values = list(image.resize((1, image.height), Image.Resampling.BOX).get_flattened_data())
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def _deskew(image: Image.Image) -> Image.Image:
    small = ImageOps.invert(image)
    small.thumbnail((800, 800))
    best = max(
        DESKEW_ANGLES,
        key=lambda a: _sharpness(small.rotate(a, resample=Image.Resampling.BILINEAR, expand=True)),
    )
    if best == 0:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _upright(image: Image.Image) -> Image.Image:
    import pytesseract

    try:
        found = pytesseract.image_to_osd(
            image, output_type=pytesseract.Output.DICT, timeout=settings.COSTS_OCR_TIMEOUT
        )
    except pytesseract.TesseractError:
        return image  # too little text to decide: leave as is
    angle = int(found.get("rotate", 0)) % 360
    return image.rotate(-angle, expand=True, fillcolor=255) if angle else image


def prepare(image: Image.Image) -> Image.Image:
    """Greyscale, upright, deskewed, contrast stretched."""
    image = ImageOps.exif_transpose(image).convert("L")
    image = ImageOps.autocontrast(image, cutoff=1)
    return _deskew(_upright(image))


def _lines(image: Image.Image) -> list[tuple[str, float]]:
    """Text lines of a page with their mean word confidence (0..1)."""
    import pytesseract

    data = pytesseract.image_to_data(
        image,
        lang=LANGUAGES,
        config="--psm 4",
        output_type=pytesseract.Output.DICT,
        timeout=settings.COSTS_OCR_TIMEOUT,
    )
    grouped: dict[tuple, list[tuple[str, float]]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (
                data["page_num"][i],
                data["block_num"][i],
                data["par_num"][i],
                data["line_num"][i],
            )
            grouped.setdefault(key, []).append((word, max(float(data["conf"][i]), 0) / 100))
    return [
        (" ".join(w for w, _c in words), sum(c for _w, c in words) / len(words))
        for words in grouped.values()
    ]


def read_images(images: list[Image.Image]) -> Reading:
    """OCR already decoded pages; raises OcrUnavailable / OcrFailed."""
    import pytesseract

    lines: list[tuple[str, float]] = []
    try:
        for image in images:
            lines += _lines(prepare(image))
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(INSTALL_HINT) from exc
    except (pytesseract.TesseractError, RuntimeError) as exc:
        raise OcrFailed(_("The OCR engine could not read the file: %(e)s") % {"e": exc}) from exc
    return Reading(text="\n".join(t for t, _c in lines), fields=extract(lines))


def read_invoice(files: list[tuple[str, bytes]]) -> Reading:
    """OCR of an invoice's files [(content type, bytes)], images or PDFs, in order."""
    if availability():
        raise OcrUnavailable(INSTALL_HINT)
    images: list[Image.Image] = []
    for content_type, data in files:
        if content_type == PDF:
            images += _rasterise(data)
        else:
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                images.append(image.copy())
    return read_images(images)


# --------------------------------------------------------------------------- field extraction

_AMOUNT = r"(\d{1,3}(?:[.,\s]\d{3})+|\d{4,})"
_TAX_CODE = re.compile(r"(\d{10}(?:-\d{3})?)")
# Matched against the line folded to ASCII (OCR often loses or changes Vietnamese accents).
PATTERNS = {
    "series": re.compile(r"ky\s*hieu[^:]*[:\s]\s*([0-9A-Z]{1,2}[A-Z0-9]{5,7})\b", re.I),
    "number": re.compile(r"^\W*(?:s[o6]|no)\s*(?:hoa\s*don)?\s*[:.]\s*(\d{1,8})\b", re.I),
    "subtotal": re.compile(r"cong\s*tien\s*hang[^0-9]*" + _AMOUNT, re.I),
    "vat_rate": re.compile(r"thue\s*suat[^0-9]*(\d{1,2})\s*%", re.I),
    "vat_amount": re.compile(r"tien\s*thue[^0-9]*" + _AMOUNT, re.I),
    "total": re.compile(r"tong\s*(?:cong\s*)?(?:tien\s*)?thanh\s*toan[^0-9]*" + _AMOUNT, re.I),
    "plate": re.compile(r"\b(\d{2}[A-Z]{1,2})[\s-]?(\d{3})[.\s]?(\d{2})\b"),
}
_DATE = re.compile(
    r"ngay\D{0,6}(\d{1,2})\D{1,12}thang\D{0,6}(\d{1,2})\D{1,12}nam\D{0,6}(\d{4})", re.I
)
COMPANY = re.compile(r"cong\s*ty|doanh\s*nghiep|cua\s*hang", re.I)
TAX_LABEL = re.compile(r"ma\s*so\s*thue|MST|tax\s*code", re.I)


def fold(text: str) -> str:
    """Vietnamese text without accents, for matching labels: "Mã số thuế" → "Ma so thue"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _money(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _put(fields: dict, name: str, value: str, confidence: float) -> None:
    if value and name not in fields:
        fields[name] = {"value": value, "confidence": round(confidence, 2)}


def extract(lines: list[tuple[str, float]]) -> dict[str, dict]:
    """The invoice fields found in OCR lines [(text, confidence)]: series, number, issue_date
    (ISO), seller_name, seller_tax_code, buyer_tax_code, subtotal, vat_rate, vat_amount,
    total (digits only, VND), plate. The first tax code is the seller's (it is printed at
    the top), the next one the buyer's; the seller's name is the line before its tax code
    that names a company."""
    fields: dict[str, dict] = {}
    tax_codes = []
    company_line = None
    for original, confidence in lines:
        text = fold(original)
        if company_line is None and COMPANY.search(text):
            company_line = (re.sub(r"^[^:]*:\s*", "", original).strip(), confidence)
        if TAX_LABEL.search(text):
            found = _TAX_CODE.search(re.sub(r"(?<=\d)[\s.](?=\d)", "", text))
            if found:
                tax_codes.append((found.group(1), confidence))
        match = _DATE.search(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            with contextlib.suppress(ValueError):
                _put(fields, "issue_date", date(year, month, day).isoformat(), confidence)
        for name, pattern in PATTERNS.items():
            match = pattern.search(text)
            if not match or (name == "vat_amount" and re.search(r"suat", text, re.I)):
                continue
            if name == "plate":
                value = "".join(match.groups())
            elif name in {"subtotal", "vat_amount", "total"}:
                value = _money(match.group(1))
            else:
                value = match.group(1).upper() if name == "series" else match.group(1)
            _put(fields, name, value, confidence)
    if tax_codes:
        _put(fields, "seller_tax_code", tax_codes[0][0], tax_codes[0][1])
    if len(tax_codes) > 1:
        _put(fields, "buyer_tax_code", tax_codes[1][0], tax_codes[1][1])
    if company_line:
        _put(fields, "seller_name", company_line[0][:400], company_line[1])
    return fields

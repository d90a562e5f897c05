"""HTML templates rendered as A4 PDFs by WeasyPrint (invoices, statements, trip sheets,
delivery notes).

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0, libpangoft2-1.0-0,
and fonts-dejavu-core for the Vietnamese glyphs; `.ci/run` installs them). Without them the
rest of the system runs and a PDF request answers 503 PDF_UNAVAILABLE with that advice.
"""

import logging

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from unicon.core.errors import ServiceError

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per step


class PdfUnavailable(ServiceError):
    code = "PDF_UNAVAILABLE"
    status = 503


def _weasyprint():
    try:
        import weasyprint
        from PIL import ImageFile
    except (ImportError, OSError) as exc:  # OSError: Pango missing from the system
        raise PdfUnavailable(
            _(
                "PDF generation is not available on this server: install Pango "
                "(apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)."
            ),
            {"reason": str(exc)[:200]},
        ) from exc
    # importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES; left on, every
    # later upload in this process would accept a cut-off or garbled photo as evidence
    # (`pods.content` decodes photos to refuse them)
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def html_to_pdf(template: str, context: dict, *, language: str | None = "vi") -> bytes:
    """`template` rendered as PDF bytes — in Vietnamese by default (documents for the
    company's records), or in `language` (None: the active language). Images are best
    given as `data:` URIs (the PDF is made without a request to fetch them with)."""
    weasyprint = _weasyprint()
    with translation.override(language or translation.get_language()):
        html = render_to_string(template, context)
    return weasyprint.HTML(string=html).write_pdf()

"""What every document shares: fonts, the Party date line, HTML to PDF, the empty signature field, QR codes."""

import base64
import io
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from pdfparts.layout import qr_png

# One door to the report builders' pieces (fonts shipped in reporting/fonts, 36-HD/VPTW date line).
from reporting.builders.charts import vn_number  # noqa: F401
from reporting.builders.document import PDF_TYPE, ascii_filename, document_date_text  # noqa: F401
from reporting.builders.pdf import FONT_DIR
from reporting.builders.pdf import _font_faces as font_faces_css

SIGNATURE_ANCHOR = "chu-ky"
CSS_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF points are 72 per inch


def font_faces():
    return mark_safe(font_faces_css())  # noqa: S308 - built from our own file paths


def public_url(practice_id):
    """The practice's public page, as printed and encoded in QR codes."""
    return settings.SITE_URL.rstrip("/") + reverse("public_detail", args=[practice_id])


def qr_data_uri(url):
    """A QR code of ``url`` as a PNG data URI, generated here (no network): 4 px modules, 2-module border."""
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode()


@dataclass
class SignatureBox:
    name: str
    page: int
    box: tuple  # (x1, y1, x2, y2) in PDF points from the bottom-left corner


def _signature_boxes(document, anchor_prefix):
    """Where the empty signature areas (elements with id ``chu-ky…``) fell in the laid-out document."""
    boxes = []
    for index, page in enumerate(document.pages):
        height_pt = page.height * CSS_PX_TO_PT
        for anchor, (x1, y1, x2, y2) in page.anchors.items():
            if anchor.startswith(anchor_prefix):
                # CSS boxes run down from the top of the page; PDF rectangles up from its bottom.
                box = (
                    x1 * CSS_PX_TO_PT,
                    height_pt - y2 * CSS_PX_TO_PT,
                    x2 * CSS_PX_TO_PT,
                    height_pt - y1 * CSS_PX_TO_PT,
                )
                boxes.append(SignatureBox(name=anchor, page=index, box=tuple(round(v, 2) for v in box)))
    return boxes


def add_signature_fields(pdf, boxes):
    """Add one empty signature field per box, for the signer's digital signature (pyHanko, or a USB token)."""
    if not boxes:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for box in boxes:
        field_name = "ChuKy" if box.name == SIGNATURE_ANCHOR else "ChuKy" + box.name.removeprefix(SIGNATURE_ANCHOR)
        append_signature_field(writer, SigFieldSpec(sig_field_name=field_name, on_page=box.page, box=box.box))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def html_to_pdf(html, *, signature=True):
    """Lay out ``html`` (its <title> becomes the PDF's) and add empty signature fields where the template placed
    them (elements whose id starts with ``chu-ky``)."""
    # Imported here: WeasyPrint loads Pango at import time, which the web process needs only for documents.
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(FONT_DIR)).render()
    pdf = document.write_pdf()
    boxes = _signature_boxes(document, SIGNATURE_ANCHOR) if signature else []
    del document
    return add_signature_fields(pdf, boxes)


def filename(words):
    """'Quyết-định-05-QĐ-BDVTXU.pdf' from a few words (UTF-8; ascii_filename gives the fallback)."""
    text = " ".join(str(w) for w in words if w)
    return "-".join(text.replace("/", "-").split()) + ".pdf"

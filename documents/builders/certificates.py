"""Certificates (Giấy công nhận): one A4 landscape page per recognized practice, with a QR code to its public page."""

from django.template.loader import render_to_string

from .common import PDF_TYPE, filename, html_to_pdf, public_url, qr_data_uri
from .decision import decision_context, decision_recognitions


def certificate_pages(decision, recognitions):
    pages = []
    for recognition in recognitions:
        practice = recognition.practice
        url = public_url(practice.pk)
        pages.append(
            {
                "practice": practice,
                "kind_upper": practice.get_kind_display().upper(),
                "outstanding": recognition.outstanding,
                "url": url,
                "qr": qr_data_uri(url),
                # One signature field per certificate, named after the practice (ChuKy-123).
                "anchor": f"chu-ky-{practice.pk}",
            }
        )
    return pages


def build_certificates_pdf(decision, *, practice_id=None):
    """All certificates of ``decision`` (or only ``practice_id``'s) as one PDF: ``(filename, content_type, bytes)``.

    Returns None when ``practice_id`` is not recognized by this decision.
    """
    recognitions = decision_recognitions(decision)
    if practice_id is not None:
        recognitions = [r for r in recognitions if r.practice_id == practice_id]
        if not recognitions:
            return None
    context = decision_context(decision, recognitions)
    context["pages"] = certificate_pages(decision, recognitions)
    html = render_to_string("documents/certificates_pdf.html", context)
    words = ["Giấy công nhận", decision.number]
    if practice_id is not None:
        words.append(f"mô hình {practice_id}")
    return filename(words), PDF_TYPE, html_to_pdf(html)

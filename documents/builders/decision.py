"""The recognition decision (Quyết định công nhận) in the Party document format, with its annexed list."""

from collections import Counter

from django.template.loader import render_to_string

from models_registry.models import RecognitionLevel
from models_registry.models.practices import PracticeSubject

from ..identity import identity_for, level_words
from .common import PDF_TYPE, document_date_text, filename, font_faces, html_to_pdf


def decision_recognitions(decision):
    return list(
        decision.recognitions.select_related("practice__unit", "practice__field", "practice__phase").order_by(
            "practice__unit__path", "practice__title", "practice_id"
        )
    )


def decision_context(decision, recognitions=None):
    """Everything the decision and its certificates say, from the decision row and its recognitions."""
    from reporting.templatetags.reporting_tags import title_vi

    recognitions = decision_recognitions(decision) if recognitions is None else recognitions
    identity = identity_for(decision.board, on=decision.date)
    provincial = decision.level == RecognitionLevel.PROVINCIAL
    level = level_words(decision.level, decision.board)
    subjects = Counter(r.practice.subject for r in recognitions)
    phases = sorted({r.practice.phase.name for r in recognitions})
    committee = title_vi(identity.committee)
    if provincial:
        proposal = (
            "Xét đề nghị của Ban Dân vận các huyện ủy, thị ủy, thành ủy và kết quả thẩm định hồ sơ "
            "mô hình, điển hình “Dân vận khéo” đã được cấp huyện công nhận,"
        )
        recipients = [
            "Như Điều 3;",
            "Ban Dân vận Trung ương (để báo cáo);",
            f"Thường trực {committee} (để báo cáo);",
            "Lưu Ban Dân vận.",
        ]
        executors = "Ban Dân vận các huyện ủy, thị ủy, thành ủy, các cơ sở, đơn vị"
    else:
        proposal = "Xét đề nghị của các cơ sở, đơn vị và kết quả thẩm định hồ sơ mô hình, điển hình “Dân vận khéo”,"
        recipients = [
            "Như Điều 3;",
            "Ban Dân vận cấp trên (để báo cáo);",
            f"Thường trực {committee} (để báo cáo);",
            "Lưu Ban Dân vận.",
        ]
        executors = "Các cơ sở, đơn vị"
    rows = [
        {
            "no": index,
            "title": r.practice.title,
            "unit": r.practice.unit.name,
            "kind": r.practice.get_kind_display(),
            "subject": r.practice.get_subject_display(),
            "field": r.practice.field.name,
            "outstanding": r.outstanding,
            "practice": r.practice,
        }
        for index, r in enumerate(recognitions, start=1)
    ]
    return {
        "decision": decision,
        "identity": identity,
        "number": decision.number,
        "place_date": document_date_text(identity.place, decision.date),
        "date_short": f"{decision.date.day:02d}/{decision.date.month:02d}/{decision.date.year}",
        "year": decision.date.year,
        "level": level,
        "authority": f"{identity.body} {identity.committee}",
        "body_name": f"Ban Dân vận {committee}",
        "phases": " và ".join(phases) or "hiện hành",
        "proposal": proposal,
        "count": len(rows),
        "collective": subjects.get(PracticeSubject.COLLECTIVE, 0),
        "individual": subjects.get(PracticeSubject.INDIVIDUAL, 0),
        "executors": executors,
        "recipients": recipients,
        "rows": rows,
        "font_faces": font_faces(),
    }


def decision_filename(decision):
    return filename(["Quyết định", decision.number])


def build_decision_pdf(decision):
    """The decision as a PDF ready to sign: ``(filename, content_type, bytes)``."""
    context = decision_context(decision)
    html = render_to_string("documents/decision_pdf.html", context)
    return decision_filename(decision), PDF_TYPE, html_to_pdf(html)

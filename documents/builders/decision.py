"""The recognition decision (Quyết định công nhận) in the Party document format, with its annexed list."""

from collections import Counter

from django.template.loader import render_to_string

from models_registry.bodies import implemented_plan
from models_registry.models import Recognition
from models_registry.models.practices import PracticeSubject

from ..identity import archive_line, identity_for, superior_committee
from .common import PDF_TYPE, document_date_text, filename, font_faces, html_to_pdf


def decision_recognitions(decision):
    return list(
        decision.recognitions.select_related("practice__unit", "practice__field", "practice__phase").order_by(
            "practice__unit__path", "practice__title", "practice_id"
        )
    )


def _lower_bodies(recognitions):
    """The bodies that recognized the practices first (district boards before the reform, commune Party committees
    after it) and their level name, from the practices' own earlier decisions: what a higher decision cites."""
    firsts = (
        Recognition.objects.filter(practice__in=[r.practice_id for r in recognitions])
        .exclude(decision_id__in={r.decision_id for r in recognitions})
        .select_related("decision__board")
        .order_by("decision__board__path", "decision__date")
    )
    identities = {}
    for first in firsts:
        if first.decision.board_id not in identities:
            identities[first.decision.board_id] = identity_for(first.decision.board, on=first.decision.date)
    return list(identities.values())


def _named(names, *, most=3):
    """'A, B và C' for up to ``most`` names; 'A, B, C và 4 cơ quan khác' beyond."""
    if len(names) > most:
        return f"{', '.join(names[:most])} và {len(names) - most} cơ quan khác"
    return " và ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def decision_context(decision, recognitions=None):
    """Everything the decision and its certificates say, from the decision row and its recognitions.

    The words are the issuing body's on the decision's date (``identity_for``): which body, its level ("cấp huyện",
    "cấp xã", "cấp thành phố"), whom it reports to. A decision that recognizes again what lower bodies recognized
    first cites those bodies; one that recognizes first cites the proposing units.
    """
    recognitions = decision_recognitions(decision) if recognitions is None else recognitions
    identity = identity_for(decision.board, on=decision.date)
    subjects = Counter(r.practice.subject for r in recognitions)
    phases = sorted({r.practice.phase.name for r in recognitions})
    lower = _lower_bodies(recognitions)
    if lower:
        lower_names = _named([body.body_name for body in lower])
        levels = " và ".join(sorted({body.level_name for body in lower}))
        proposal = (
            f"Xét đề nghị của {lower_names} và kết quả thẩm định hồ sơ mô hình, điển hình “Dân vận khéo” "
            f"đã được {levels} công nhận,"
        )
        executors = f"{lower_names}, các cơ sở, đơn vị"
    else:
        proposal = "Xét đề nghị của các cơ sở, đơn vị và kết quả thẩm định hồ sơ mô hình, điển hình “Dân vận khéo”,"
        executors = "Các cơ sở, đơn vị"
    committee = superior_committee(identity)
    recipients = [
        "Như Điều 3;",
        f"{identity.reports_to} (để báo cáo);",
        *([f"Thường trực {committee} (để báo cáo);"] if committee else []),
        archive_line(identity),
    ]
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
    plan = implemented_plan(decision.board, on=decision.date)
    return {
        "decision": decision,
        "identity": identity,
        "number": decision.number,
        "place_date": document_date_text(identity.place, decision.date),
        "date_short": f"{decision.date.day:02d}/{decision.date.month:02d}/{decision.date.year}",
        "year": decision.date.year,
        "level": identity.level_name,
        "authority": identity.body_name.upper(),
        "body_name": identity.body_name,
        "plan": plan.citation if plan else "",
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

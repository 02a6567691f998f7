"""Recognition decisions: a district decision over proposals selected in the queue, a provincial decision over
district-recognized practices, the list, one decision and its scanned file."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import permissions, services
from ..bodies import body_names, document_identity
from ..forms.decisions import DecisionForm, ProvincialDecisionForm, parse_ids
from ..models import Practice
from ..selectors import decisions as selectors
from ..selectors.review import review_queue
from ..selectors.units import district_boards
from ..web.params import positive_int
from .helpers import board_required, provincial_required, reviewer_required, service_call

DECISIONS_PAGE_SIZE = 30
PROVINCIAL_CANDIDATES_LIMIT = 200


def _decision_fields(form):
    """What both decision forms pass to their service: number, date, signer and the scan. The number is the one
    typed by hand, or "" when it was left as suggested: the register then gives it at issue time."""
    return {
        "number": form.typed_number,
        **{name: form.cleaned_data[name] for name in ("date", "signer", "scanned_file")},
    }


def _signer_help(form, identity):
    """The signer the board configured (Quản trị › Cơ quan), not the person filling in the form."""
    if identity.signer_name:
        form.fields["signer"].help_text = _(
            "Người ký theo cấu hình của %(body)s (%(title)s); sửa nếu người khác ký."
        ) % {
            "body": identity.body_name,
            "title": identity.signer_title.lower(),
        }
    else:
        form.fields["signer"].help_text = _(
            "%(body)s chưa cấu hình người ký (Quản trị › Cơ quan): nhập họ tên %(title)s hoặc người ký thay."
        ) % {"body": identity.body_name, "title": identity.signer_title.lower()}


def _selected_proposals(request, ids):
    """The selected practices that the user may still recognize; ids outside the scope are simply not there."""
    return list(review_queue(user=request.user).filter(pk__in=ids).order_by("proposed_at", "id"))


@require_http_methods(["GET", "POST"])
@reviewer_required
def decision_create(request):
    """Issue one district decision recognizing the practices selected in the queue."""
    data = request.POST if request.method == "POST" else request.GET
    ids = parse_ids(data.getlist("ids"))
    practices = _selected_proposals(request, ids)
    if ids and not Practice.objects.reviewable_by(request.user).filter(pk__in=ids).exists():
        # Only ids of another board (or none that exist): the same answer as a missing page.
        raise Http404
    if not practices:
        messages.error(request, _("Vui lòng chọn ít nhất một mô hình đang chờ xét duyệt để công nhận."))
        return redirect("review_queue")
    boards = {p.board_id: p.board for p in practices}
    if len(boards) > 1:
        messages.error(request, _("Một quyết định chỉ công nhận mô hình của một Ban. Vui lòng chọn lại."))
        return redirect("review_queue")
    board = next(iter(boards.values()))
    identity = document_identity(board)
    missing = len(ids) - len(practices)

    if request.method == "POST" and "number" in request.POST:
        form = DecisionForm(request.POST, request.FILES, practices=practices)
        if missing:
            # A selected proposal left the queue (returned by someone else) since the form was opened.
            form.add_error(
                None,
                _(
                    "Có %(n)s mô hình đã chọn không còn ở trạng thái chờ công nhận (có thể người khác vừa xử lý). "
                    "Không có gì được lưu; vui lòng kiểm tra lại danh sách."
                )
                % {"n": missing},
            )
        elif form.is_valid():
            decision = service_call(
                request,
                services.decision_issue,
                success=lambda decision: (
                    _("Đã ban hành %(decision)s công nhận %(n)s mô hình.") % {"decision": decision, "n": len(practices)}
                ),
                on_error=lambda message: form.add_error(None, message),
                actor=request.user,
                board=board,
                practices=practices,
                **_decision_fields(form),
                outstanding_ids=form.cleaned_data["outstanding"],
            )
            if decision is not None:
                return redirect("decision_detail", decision.pk)
    else:
        form = DecisionForm(
            initial={
                "ids": ",".join(str(p.pk) for p in practices),
                "number": (suggestion := selectors.next_decision_number(board=board)),
                "suggested_number": suggestion,
                "date": timezone.localdate(),
                "signer": identity.signer_name,
            },
            practices=practices,
        )
        _signer_help(form, identity)
        if missing:
            messages.warning(
                request,
                _("%(n)s mô hình đã chọn không còn chờ công nhận và đã được bỏ ra khỏi danh sách.") % {"n": missing},
            )
    return render(
        request,
        "models_registry/review/decision_form.html",
        {"form": form, "practices": practices, "board": board, "board_name": identity.body_name},
    )


@require_GET
@board_required
def decision_list(request):
    page = Paginator(selectors.decision_list(user=request.user), DECISIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    decisions = list(page.object_list)
    names = body_names((decision.board, decision.date) for decision in decisions)
    for decision in decisions:
        decision.body_name = names[(decision.board_id, decision.date)]
    return render(request, "models_registry/review/decision_list.html", {"page": page, "decisions": decisions})


@require_GET
@board_required
def decision_detail(request, pk):
    decision = get_object_or_404(
        selectors.decisions_visible_to(user=request.user).select_related("board").with_level_names(), pk=pk
    )
    return render(
        request,
        "models_registry/review/decision_detail.html",
        {
            "decision": decision,
            "body_name": body_names([(decision.board, decision.date)])[(decision.board_id, decision.date)],
            "recognitions": selectors.decision_recognitions(decision=decision),
        },
    )


@require_GET
@board_required
def decision_file(request, pk):
    """The scanned decision, only for users who may see the decision."""
    decision = get_object_or_404(selectors.decisions_visible_to(user=request.user), pk=pk)
    if not decision.scanned_file:
        raise Http404
    try:
        handle = decision.scanned_file.open("rb")
    except FileNotFoundError:
        raise Http404
    filename = f"quyet-dinh-{decision.pk}.pdf"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@require_http_methods(["GET", "POST"])
@provincial_required
def decision_provincial_create(request):
    """Provincial staff recognize at provincial level practices already recognized by their district."""
    districts = list(district_boards(user=request.user))
    district = None
    district_id = positive_int(request.GET.get("district"))
    if district_id:
        district = next((d for d in districts if d.pk == district_id), None)
    q = request.GET.get("q", "").strip()
    candidates = selectors.provincial_candidates(user=request.user, district=district, q=q)
    provinces = permissions.provincial_units(request.user)
    if not provinces:
        raise Http404
    identity = document_identity(provinces[0])

    if request.method == "POST":
        # Validate against every candidate of the user's provinces: the filters only narrow what is shown.
        form = ProvincialDecisionForm(
            request.POST, request.FILES, candidates=selectors.provincial_candidates(user=request.user)
        )
        if form.is_valid():
            chosen = list(form.cleaned_data["practices"])
            province = next((p for p in provinces if chosen[0].unit.path.startswith(p.path)), provinces[0])
            decision = service_call(
                request,
                services.practice_recognize_provincial,
                success=lambda decision: (
                    _("Đã ban hành %(decision)s công nhận %(level)s %(n)s mô hình.")
                    % {"decision": decision, "level": decision.level_name, "n": len(chosen)}
                ),
                on_error=lambda message: form.add_error(None, message),
                actor=request.user,
                province=province,
                practices=chosen,
                **_decision_fields(form),
            )
            if decision is not None:
                return redirect("decision_detail", decision.pk)
    else:
        form = ProvincialDecisionForm(
            candidates=candidates,
            initial={
                "number": (suggestion := selectors.next_decision_number(board=provinces[0])),
                "suggested_number": suggestion,
                "date": timezone.localdate(),
                "signer": identity.signer_name,
            },
        )
        _signer_help(form, identity)
    rows = list(candidates[:PROVINCIAL_CANDIDATES_LIMIT])
    selected = {str(pk) for pk in parse_ids(request.POST.getlist("practices"))} if request.method == "POST" else set()
    return render(
        request,
        "models_registry/review/decision_provincial_form.html",
        {
            "form": form,
            "rows": rows,
            "selected": selected,
            "limit": PROVINCIAL_CANDIDATES_LIMIT,
            "districts": districts,
            "district": district,
            "q": q,
        },
    )

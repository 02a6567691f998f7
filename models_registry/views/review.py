"""The board side: review queue, actions on a proposal, recognition decisions and the dashboard.

Views are thin: they find the object in the user's scope (404 outside it), validate a form, call one service,
and turn a DomainError into a message. State changes happen only in ``models_registry.services``.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors_review as selectors
from .. import services
from ..errors import DomainError
from ..forms_review import (
    CommendationForm,
    DecisionForm,
    DiscontinueForm,
    OutstandingForm,
    ProvincialDecisionForm,
    ReasonForm,
    parse_ids,
)
from ..models import Practice
from ..names import person_name

QUEUE_PAGE_SIZE = 50
DECISIONS_PAGE_SIZE = 30
PROVINCIAL_CANDIDATES_LIMIT = 200


def _require(check):
    """Login required, then ``check(user)``; a user without the role gets the same 404 as a missing page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reviewer_required = _require(selectors.is_reviewer)
board_required = _require(selectors.is_board_user)
provincial_required = _require(selectors.is_provincial)


def _back(request, practice=None):
    """Where to go after an action: the page the form came from when it is ours, else the practice."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    if practice is not None:
        return redirect("practice_detail", practice.pk)
    return redirect("review_queue")


def _form_errors(form):
    """The form's errors as one message, each prefixed by its field's label ("Ngày khen: Nhập một ngày hợp lệ.")."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and name != "reason" else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)


# --- Review queue ------------------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def review_queue(request):
    """Proposals waiting for the user's board, oldest first; select several to issue one decision."""
    page = Paginator(selectors.review_queue(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(practice, selectors.days_waiting(practice, now)) for practice in page.object_list]
    return render(
        request,
        "models_registry/review/queue.html",
        {"page": page, "rows": rows, "late_after": selectors.LATE_AFTER_DAYS},
    )


# --- Actions on one practice -------------------------------------------------------------------------------------


def _reason_action(request, pk, service, success):
    practice = get_object_or_404(Practice.objects.reviewable_by(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, practice)
    try:
        service(
            practice=practice,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success % {"title": practice.title})
    return _back(request, practice)


@require_POST
@reviewer_required
def practice_return(request, pk):
    return _reason_action(request, pk, services.practice_return, _("Đã trả lại “%(title)s” cho đơn vị để bổ sung."))


@require_POST
@reviewer_required
def practice_reject(request, pk):
    return _reason_action(request, pk, services.practice_reject, _("Đã không công nhận “%(title)s”."))


@require_POST
@reviewer_required
def practice_discontinue(request, pk):
    practice = get_object_or_404(Practice.objects.reviewable_by(request.user), pk=pk)
    form = DiscontinueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, practice)
    try:
        services.practice_discontinue(
            practice=practice,
            actor=request.user,
            reason=form.cleaned_data["reason"].strip(),
            expected_version=form.cleaned_data["expected_version"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận “%(title)s” không còn duy trì.") % {"title": practice.title})
    return _back(request, practice)


@require_POST
@board_required
def recognition_mark_outstanding(request, pk):
    practice = get_object_or_404(selectors.practices_actionable_by(request.user), pk=pk)
    form = OutstandingForm(request.POST)
    form.is_valid()  # a checkbox: absent means "unmark"
    outstanding = form.cleaned_data.get("outstanding", False)
    try:
        services.recognition_mark_outstanding(actor=request.user, practice=practice, outstanding=outstanding)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if outstanding:
            messages.success(request, _("Đã đánh dấu “%(title)s” là mô hình tiêu biểu.") % {"title": practice.title})
        else:
            messages.success(request, _("Đã bỏ đánh dấu tiêu biểu của “%(title)s”.") % {"title": practice.title})
    return _back(request, practice)


@require_POST
@board_required
def commendation_record(request, pk):
    practice = get_object_or_404(selectors.practices_actionable_by(request.user), pk=pk)
    form = CommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request, practice)
    try:
        services.commendation_record(actor=request.user, practice=practice, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận khen thưởng cho “%(title)s”.") % {"title": practice.title})
    return _back(request, practice)


# --- Decisions ---------------------------------------------------------------------------------------------------


def _selected_proposals(request, ids):
    """The selected practices that the user may still recognize; ids outside the scope are simply not there."""
    return list(selectors.review_queue(request.user).filter(pk__in=ids).order_by("proposed_at", "id"))


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
            try:
                decision = services.decision_issue(
                    actor=request.user,
                    board=board,
                    practices=practices,
                    number=form.cleaned_data["number"],
                    date=form.cleaned_data["date"],
                    signer=form.cleaned_data["signer"],
                    scanned_file=form.cleaned_data["scanned_file"],
                    outstanding_ids=form.cleaned_data["outstanding"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã ban hành %(decision)s công nhận %(n)s mô hình.")
                    % {"decision": decision, "n": len(practices)},
                )
                return redirect("decision_detail", decision.pk)
    else:
        form = DecisionForm(
            initial={
                "ids": ",".join(str(p.pk) for p in practices),
                "number": selectors.next_decision_number(board),
                "date": timezone.localdate(),
                "signer": person_name(request.user),
            },
            practices=practices,
        )
        if missing:
            messages.warning(
                request,
                _("%(n)s mô hình đã chọn không còn chờ công nhận và đã được bỏ ra khỏi danh sách.") % {"n": missing},
            )
    return render(
        request,
        "models_registry/review/decision_form.html",
        {"form": form, "practices": practices, "board": board},
    )


@require_GET
@board_required
def decision_list(request):
    page = Paginator(selectors.decision_list(request.user), DECISIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "models_registry/review/decision_list.html", {"page": page})


@require_GET
@board_required
def decision_detail(request, pk):
    decision = get_object_or_404(selectors.decisions_visible_to(request.user).select_related("board"), pk=pk)
    return render(
        request,
        "models_registry/review/decision_detail.html",
        {"decision": decision, "recognitions": selectors.decision_recognitions(decision)},
    )


@require_GET
@board_required
def decision_file(request, pk):
    """The scanned decision, only for users who may see the decision."""
    decision = get_object_or_404(selectors.decisions_visible_to(request.user), pk=pk)
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
    districts = list(selectors.district_boards(request.user))
    district = None
    district_id = request.GET.get("district")
    if district_id and district_id.isdigit():
        district = next((d for d in districts if d.pk == int(district_id)), None)
    q = request.GET.get("q", "").strip()
    candidates = selectors.provincial_candidates(request.user, district=district, q=q)
    provinces = selectors.provincial_units(request.user)
    if not provinces:
        raise Http404

    if request.method == "POST":
        # Validate against every candidate of the user's provinces: the filters only narrow what is shown.
        form = ProvincialDecisionForm(
            request.POST, request.FILES, candidates=selectors.provincial_candidates(request.user)
        )
        if form.is_valid():
            chosen = list(form.cleaned_data["practices"])
            province = next((p for p in provinces if chosen[0].unit.path.startswith(p.path)), provinces[0])
            try:
                decision = services.practice_recognize_provincial(
                    actor=request.user,
                    province=province,
                    practices=chosen,
                    number=form.cleaned_data["number"],
                    date=form.cleaned_data["date"],
                    signer=form.cleaned_data["signer"],
                    scanned_file=form.cleaned_data["scanned_file"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã ban hành %(decision)s công nhận cấp tỉnh %(n)s mô hình.")
                    % {"decision": decision, "n": len(chosen)},
                )
                return redirect("decision_detail", decision.pk)
    else:
        form = ProvincialDecisionForm(
            candidates=candidates,
            initial={
                "number": selectors.next_decision_number(provinces[0]),
                "date": timezone.localdate(),
                "signer": person_name(request.user),
            },
        )
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


# --- Dashboard ---------------------------------------------------------------------------------------------------


@require_GET
@board_required
def dashboard(request):
    """Counts for the reviewer's district or, for provincial staff, the province and each district."""
    board = None
    board_id = request.GET.get("district")
    if board_id and board_id.isdigit() and selectors.is_provincial(request.user):
        board = get_object_or_404(selectors.district_boards(request.user), pk=int(board_id))
    stats = selectors.dashboard(request.user, board=board)
    return render(
        request,
        "models_registry/review/dashboard.html",
        {"stats": stats, "board": board, "late_after": selectors.LATE_AFTER_DAYS},
    )

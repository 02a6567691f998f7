"""The board's review: the queue of proposals and the actions on one practice (return, reject, discontinue,
outstanding, commendation).

Views are thin: they find the object in the user's scope (404 outside it), validate a form, call one service,
and turn a DomainError into a message. State changes happen only in ``models_registry.services``.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import permissions, services
from ..forms.review import CommendationForm, DiscontinueForm, OutstandingForm, ReasonForm
from ..models import Practice
from ..selectors import review as selectors
from ..selectors.board import ASSIGNED_FILTERS
from .helpers import back, board_required, form_errors, reviewer_required, service_call

QUEUE_PAGE_SIZE = 50


# --- Review queue ------------------------------------------------------------------------------------------------


@require_GET
@reviewer_required
def review_queue(request):
    """Proposals waiting for the user's board, oldest first; select several to issue one decision."""
    assigned = request.GET.get("assigned", "")
    assigned = assigned if assigned in ASSIGNED_FILTERS else ""
    queue = selectors.review_queue(user=request.user, assigned=assigned)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(practice, selectors.days_waiting(practice=practice, now=now)) for practice in page.object_list]
    return render(
        request,
        "models_registry/review/queue.html",
        {
            "page": page,
            "rows": rows,
            "late_after": selectors.LATE_AFTER_DAYS,
            "assigned": assigned,
            "query": f"assigned={assigned}" if assigned else "",
        },
    )


# --- Actions on one practice -------------------------------------------------------------------------------------


def _reason_action(request, pk, service, success):
    practice = get_object_or_404(Practice.objects.reviewable_by(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(request, practice)
    service_call(
        request,
        service,
        success=success % {"title": practice.title},
        practice=practice,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["expected_version"],
    )
    return back(request, practice)


@require_POST
@reviewer_required
def practice_return(request, pk):
    return _reason_action(request, pk, services.practice_return, _("Đã trả lại “%(title)s” cho đơn vị để bổ sung."))


@require_POST
@reviewer_required
def practice_reject(request, pk):
    return _reason_action(request, pk, services.practice_reject, _("Đã không công nhận “%(title)s”."))


@require_POST
@board_required
def practice_discontinue(request, pk):
    """Whoever does the practice's yearly work (after a reform: the successor's body, not the closed board)."""
    practice = get_object_or_404(Practice.objects.visible_to(request.user).select_related("unit", "board"), pk=pk)
    if not permissions.may_discontinue(request.user, practice):
        raise Http404
    form = DiscontinueForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(request, practice)
    service_call(
        request,
        services.practice_discontinue,
        success=_("Đã ghi nhận “%(title)s” không còn duy trì.") % {"title": practice.title},
        practice=practice,
        actor=request.user,
        reason=form.cleaned_data["reason"].strip(),
        expected_version=form.cleaned_data["expected_version"],
    )
    return back(request, practice)


@require_POST
@board_required
def recognition_mark_outstanding(request, pk):
    practice = get_object_or_404(permissions.practices_actionable_by(request.user), pk=pk)
    form = OutstandingForm(request.POST)
    form.is_valid()  # a checkbox: absent means "unmark"
    outstanding = form.cleaned_data.get("outstanding", False)
    if outstanding:
        success = _("Đã đánh dấu “%(title)s” là mô hình tiêu biểu.") % {"title": practice.title}
    else:
        success = _("Đã bỏ đánh dấu tiêu biểu của “%(title)s”.") % {"title": practice.title}
    service_call(
        request,
        services.recognition_mark_outstanding,
        success=success,
        actor=request.user,
        practice=practice,
        outstanding=outstanding,
    )
    return back(request, practice)


@require_POST
@board_required
def commendation_record(request, pk):
    practice = get_object_or_404(permissions.practices_actionable_by(request.user), pk=pk)
    form = CommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(request, practice)
    service_call(
        request,
        services.commendation_record,
        success=_("Đã ghi nhận khen thưởng cho “%(title)s”.") % {"title": practice.title},
        actor=request.user,
        practice=practice,
        **form.cleaned_data,
    )
    return back(request, practice)

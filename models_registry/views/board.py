"""The board's year and desk: the yearly check list (confirm many at once), private notes, assignment of a
proposal to a colleague, and which photos the public page shows.

Thin views: the object comes from the user's scope (404 outside it), a form checks the input, one service writes.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import permissions
from ..forms.board import AssignForm, PublishForm, ReviewNoteForm, YearlyCheckForm
from ..models import CheckOutcome, Practice
from ..selectors import board as selectors
from ..services import board as services
from .helpers import back, board_required, form_errors, service_call

CHECK_PAGE_SIZE = 50


@require_GET
@board_required
def yearly_check_list(request):
    """Recognized practices of the user's yearly scope due for this year's check, or those already checked.

    A row the user may not tick (the city board sees a ward's practice; a superuser reviews only through a
    reviewer membership) shows which body checks it instead."""
    year = timezone.localdate().year
    status = request.GET.get("status", "unchecked")
    status = status if status in selectors.CHECK_STATUSES else "unchecked"
    practices = selectors.yearly_check_list(user=request.user, year=year, status=status)
    page = Paginator(practices, CHECK_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    checks = selectors.checks_of(practices=listed, year=year) if status == "checked" else {}
    bodies = permissions.yearly_bodies(listed)
    checkable = permissions.yearly_checkable_among(request.user, listed) if status == "unchecked" else set()
    return render(
        request,
        "models_registry/review/yearly.html",
        {
            "page": page,
            "rows": [
                (practice, checks.get(practice.pk), practice.pk in checkable, bodies[practice.pk])
                for practice in listed
            ],
            "any_checkable": bool(checkable),
            "status": status,
            "year": year,
            "form": YearlyCheckForm(),
            "query": f"status={status}",
            "outcomes": CheckOutcome,
        },
    )


@require_POST
@board_required
def yearly_check_confirm(request):
    """Record the checked practices' outcome, all at once or none (a practice whose yearly work the user does not
    do — outside the scope, another body's, a closed board's history: 404)."""
    form = YearlyCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("yearly_check_list")
    ids = form.cleaned_data["ids"]
    practices = list(permissions.yearly_scope(request.user).select_related("unit", "board").filter(pk__in=ids))
    if len(practices) != len(ids) or len(permissions.yearly_checkable_among(request.user, practices)) != len(ids):
        raise Http404
    outcome = form.cleaned_data["outcome"]
    if outcome == CheckOutcome.DISCONTINUED:
        success = _("Đã ghi nhận %(n)s mô hình, điển hình không còn duy trì.")
    else:
        success = _("Đã xác nhận %(n)s mô hình, điển hình còn duy trì.")
    service_call(
        request,
        services.practices_check_yearly,
        success=lambda checks: success % {"n": len(checks)},
        practices=practices,
        actor=request.user,
        year=timezone.localdate().year,
        outcome=outcome,
        note=form.cleaned_data["note"],
    )
    return redirect("yearly_check_list")


def _desk_practice(request, pk, right):
    """A practice on whose desk the user has ``right`` (``permissions.board_desk``); anything else is a 404."""
    practice = get_object_or_404(Practice.objects.visible_to(request.user).select_related("unit", "board"), pk=pk)
    if right not in permissions.board_desk(request.user, practice):
        raise Http404
    return practice


@require_POST
@board_required
def review_note_add(request, pk):
    practice = _desk_practice(request, pk, "note")
    form = ReviewNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(request, practice)
    service_call(
        request,
        services.review_note_add,
        success=_("Đã lưu ghi chú nội bộ."),
        practice=practice,
        actor=request.user,
        text=form.cleaned_data["text"],
    )
    return back(request, practice)


@require_POST
@board_required
def review_assign(request, pk):
    practice = _desk_practice(request, pk, "assign")
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back(request, practice)
    assignee_id = form.cleaned_data["assignee"]
    assignee = None
    if assignee_id is not None:
        # Anybody outside the board is refused by the service with a message, not a 404: the practice is in scope.
        assignee = get_user_model().objects.filter(pk=assignee_id).first()
        if assignee is None:
            messages.error(request, _("Chỉ phân công được cho cán bộ cùng cơ quan xét duyệt."))
            return back(request, practice)
    service_call(
        request,
        services.review_assign,
        success=(
            _("Đã phân công cho %(name)s.") % {"name": assignee.get_full_name() or assignee.get_username()}
            if assignee is not None
            else _("Đã bỏ phân công.")
        ),
        practice=practice,
        actor=request.user,
        assignee=assignee,
    )
    return back(request, practice)


@require_POST
@board_required
def attachment_publish(request, pk):
    """Show (or stop showing) a photo on the public page; a file of a practice outside the board: 404."""
    attachments = permissions.attachments_visible_to(request.user).select_related("practice__unit", "practice__board")
    attachment = get_object_or_404(attachments, pk=pk)
    if "publish" not in permissions.board_desk(request.user, attachment.practice):
        raise Http404
    form = PublishForm(request.POST)
    form.is_valid()  # a checkbox: absent means "not public"
    public = form.cleaned_data.get("public", False)
    service_call(
        request,
        services.attachment_set_public,
        success=_("Ảnh “%(name)s” sẽ hiện trên trang giới thiệu công khai.") % {"name": attachment.original_name}
        if public
        else _("Ảnh “%(name)s” không còn hiện công khai.") % {"name": attachment.original_name},
        attachment=attachment,
        actor=request.user,
        public=public,
    )
    return back(request, attachment.practice)

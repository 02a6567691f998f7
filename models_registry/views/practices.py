"""The officer's side of the registry: list, detail, registration form, officer actions, files.

Views stay thin: selectors read (always through the user's scope), services write, and a DomainError
becomes a message on the page, never a crash.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import permissions, services
from ..bodies import body_names, reviewing_body_name
from ..errors import StaleObject
from ..exports import practices_xlsx
from ..forms.fields import STALE_FORM_MESSAGE, VersionedForm
from ..forms.practices import AttachmentForm, DraftAttachmentForm, PracticeForm, ProposeForm
from ..models import Practice, PracticeState
from ..selectors import audit as audit_selectors
from ..selectors import practices as selectors
from ..selectors.next_step import practice_next_step
from ..services.submissions import submission_once
from ..web.chips import filter_chips
from ..web.filters import PracticeFilter
from ..web.paginators import CappedCountPaginator
from ..web.params import positive_int
from .helpers import PAGE_SIZE, service_call

# --- List, export -------------------------------------------------------------------------------------------


@login_required
@require_GET
def practice_list(request, export=False):
    """The practices the user may see, filtered, searched, sorted, 25 a page; ``?export=xlsx`` for Excel."""
    filterset = PracticeFilter(
        request.GET or None, queryset=selectors.practice_queryset(user=request.user), request=request
    )
    queryset = filterset.qs
    if export or request.GET.get("export") == "xlsx":
        filename, content_type, content = practices_xlsx(queryset)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    page = CappedCountPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return render(
        request,
        "models_registry/practices/list.html",
        {
            "filter": filterset,
            "page": page,
            "query_string": params.urlencode(),
            "chips": filter_chips(filterset.form, request.GET),
            # From the memberships already loaded: no query.
            "can_register": permissions.is_officer(request.user),
        },
    )


def practice_export(request):
    return practice_list(request, export=True)


# --- Detail ---------------------------------------------------------------------------------------------------


def _detail_context(request, practice, *, propose_form=None, upload_form=None):
    user = request.user
    actions = permissions.practice_actions(user, practice)
    visible = Practice.objects.visible_to(user)
    recognitions = list(practice.recognitions.select_related("decision", "decision__board").with_level_names())
    # The reviewing body by the name people use ("Ban Dân vận Thị ủy Kinh Môn"), not the district's name, and each
    # decision's issuing body as it was called then: one query for all of them (a board speaks for itself).
    today = timezone.localdate()
    names = body_names([(practice.board, today), *((r.decision.board, r.decision.date) for r in recognitions)])
    board_name = names[(practice.board_id, today)]
    for recognition in recognitions:
        recognition.body_name = names[(recognition.decision.board_id, recognition.decision.date)]
    return {
        "practice": practice,
        "actions": actions,
        "board_name": board_name,
        "next_step": practice_next_step(practice=practice, board=board_name),
        "can_edit": "edit" in actions,
        "can_submit": "submit" in actions,
        "can_propose": "propose" in actions,
        # A draft was never sent: it is deleted, not withdrawn.
        "can_delete": "delete" in actions,
        "can_withdraw": "withdraw" in actions and "delete" not in actions,
        "propose_form": propose_form or ProposeForm(practice=practice),
        "upload_form": upload_form or AttachmentForm(),
        "attachments": list(practice.attachments.all()),
        "recognitions": recognitions,
        "commendations": list(practice.commendations.all()),
        "replications": list(visible.filter(replicated_from=practice).select_related("unit")),
        "source_visible": bool(practice.replicated_from_id) and visible.filter(pk=practice.replicated_from_id).exists(),
        "timeline": audit_selectors.practice_timeline(practice=practice),
    }


@login_required
@require_GET
def practice_detail(request, pk):
    practice = selectors.practice_get(user=request.user, pk=pk)
    return render(request, "models_registry/practices/detail.html", _detail_context(request, practice))


# --- Registration form -----------------------------------------------------------------------------------


@login_required
def practice_create(request):
    if not permissions.is_officer(request.user):
        messages.error(request, _("Chỉ cán bộ của đơn vị mới đăng ký được mô hình, điển hình."))
        return redirect("practice_list")
    form = PracticeForm(request.POST or None, user=request.user)
    files = DraftAttachmentForm(request.POST or None, request.FILES or None)
    # Both forms are checked before anything is written: a refused file keeps the typed form and saves nothing.
    if request.method == "POST" and form.is_valid() & files.is_valid():
        data = form.registration_data()
        unit = data.pop("unit")
        result = service_call(
            request,
            submission_once,
            token=form.cleaned_data["submission_token"],
            actor=request.user,
            create=lambda: services.practice_create_with_files(
                actor=request.user, unit=unit, data=data, files=files.chosen_files()
            ),
        )
        if result is not None:
            practice, created = result
            if created:
                messages.success(request, _("Đã lưu bản nháp “%(title)s”.") % {"title": practice.title})
            else:
                messages.info(request, _("Biểu mẫu này đã được gửi trước đó; đây là bản nháp đã lưu."))
            return redirect("practice_detail", pk=practice.pk)
    return render(request, "models_registry/practices/form.html", {"form": form, "files_form": files, "practice": None})


@login_required
def practice_edit(request, pk):
    practice = selectors.practice_get(user=request.user, pk=pk)
    if "edit" not in permissions.practice_rights(request.user, practice):
        messages.error(request, _("Chỉ cán bộ của đơn vị đăng ký mới được sửa mô hình này."))
        return redirect("practice_detail", pk=practice.pk)
    if not practice.is_editable:
        messages.error(
            request,
            _("Mô hình ở trạng thái “%(state)s” không thể sửa.") % {"state": practice.get_state_display()},
        )
        return redirect("practice_detail", pk=practice.pk)
    form = PracticeForm(request.POST or None, instance=practice, user=request.user)
    files = DraftAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() & files.is_valid():
        try:
            saved = service_call(
                request,
                services.practice_update,
                success=_("Đã lưu thay đổi."),
                passthrough=(StaleObject,),
                practice=practice,
                actor=request.user,
                data=form.registration_data(),
                expected_version=form.cleaned_data["expected_version"],
            )
        except StaleObject as error:
            # The form stays as the user typed it; nothing is saved over the other person's change.
            messages.error(request, error.message + " " + _("Nội dung bạn nhập vẫn còn dưới đây, chưa được lưu."))
            return render(
                request,
                "models_registry/practices/form.html",
                {"form": form, "files_form": files, "practice": practice, "stale": True},
                status=409,
            )
        if saved is not None:
            for file, kind in files.chosen_files():
                service_call(
                    request,
                    services.attachment_add,
                    success=lambda attachment: _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name},
                    practice=saved,
                    actor=request.user,
                    file=file,
                    kind=kind,
                )
            return redirect("practice_detail", pk=practice.pk)
    return render(
        request, "models_registry/practices/form.html", {"form": form, "files_form": files, "practice": practice}
    )


# --- Officer actions (POST only) ----------------------------------------------------------------------------


def _one_click(request, pk, service, success):
    """Submit and withdraw: one button, the version the page showed, one service."""
    practice = selectors.practice_get(user=request.user, pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        # Without the version (an old page, a hand-made request) the stale-page check could not run.
        messages.error(request, STALE_FORM_MESSAGE)
        return redirect("practice_detail", pk=practice.pk)
    service_call(
        request,
        service,
        success=success,
        practice=practice,
        actor=request.user,
        expected_version=form.cleaned_data["expected_version"],
    )
    return redirect("practice_detail", pk=practice.pk)


@login_required
@require_POST
def practice_submit(request, pk):
    return _one_click(
        request,
        pk,
        services.practice_submit,
        lambda practice: _("Đã đăng ký mô hình với %(body)s.") % {"body": reviewing_body_name(practice)},
    )


@login_required
@require_POST
def practice_propose(request, pk):
    practice = selectors.practice_get(user=request.user, pk=pk)
    form = ProposeForm(request.POST, practice=practice)
    if not form.is_valid():
        messages.error(request, _("Vui lòng kiểm tra lại kết quả đạt được."))
        context = _detail_context(request, practice, propose_form=form)
        return render(request, "models_registry/practices/detail.html", context, status=400)
    service_call(
        request,
        services.practice_propose,
        success=lambda proposed: _("Đã gửi đề nghị công nhận tới %(body)s.") % {"body": reviewing_body_name(proposed)},
        practice=practice,
        actor=request.user,
        results=form.results_data(),
        expected_version=form.cleaned_data["expected_version"],
    )
    return redirect("practice_detail", pk=practice.pk)


@login_required
@require_POST
def practice_withdraw(request, pk):
    return _one_click(request, pk, services.practice_withdraw, _("Đã rút mô hình."))


@login_required
@require_POST
def practice_delete(request, pk):
    """Delete a draft (never sent to the board); back to the list, where it no longer is."""
    practice = selectors.practice_get(user=request.user, pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, STALE_FORM_MESSAGE)
        return redirect("practice_detail", pk=practice.pk)
    gone = service_call(
        request,
        services.practice_delete_draft,
        success=lambda gone: _("Đã xóa bản nháp “%(title)s”.") % gone,
        practice=practice,
        actor=request.user,
        expected_version=form.cleaned_data["expected_version"],
    )
    return redirect("practice_list") if gone is not None else redirect("practice_detail", pk=practice.pk)


# --- Attachments --------------------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk):
    practice = selectors.practice_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        context = _detail_context(request, practice, upload_form=form)
        return render(request, "models_registry/practices/detail.html", context, status=400)
    service_call(
        request,
        services.attachment_add,
        success=lambda attachment: _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name},
        practice=practice,
        actor=request.user,
        file=form.cleaned_data["file"],
        kind=form.cleaned_data["kind"] or None,
    )
    return redirect("practice_detail", pk=practice.pk)


@login_required
@require_GET
def attachment_download(request, pk):
    """Serve a private file only to users who may see its practice; images may be shown inline."""
    attachment = get_object_or_404(permissions.attachments_visible_to(request.user), pk=pk)
    inline = request.GET.get("inline") == "1" and attachment.content_type.startswith("image/")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp."))
    response = FileResponse(
        handle, as_attachment=not inline, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Similar titles (JSON for static/js/similar.js) -------------------------------------------------------


@login_required
@require_GET
def practice_similar(request):
    exclude = request.GET.get("exclude")
    rows = selectors.practice_similar(
        user=request.user, text=request.GET.get("q", "")[:300], exclude_id=positive_int(exclude)
    )
    return JsonResponse(
        {
            "hint": _("Cân nhắc nhân rộng mô hình đã có thay vì đăng ký trùng"),
            "pick_label": _("Nhân rộng từ mô hình này"),
            "results": [
                {
                    "id": practice.pk,
                    "title": practice.title,
                    "unit": practice.unit.name,
                    "state": practice.get_state_display(),
                    "recognized": practice.state == PracticeState.RECOGNIZED,
                    "url": reverse("practice_detail", args=[practice.pk]) if visible else None,
                }
                for practice, visible in rows
            ],
        }
    )

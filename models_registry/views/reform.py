"""The "chọn đơn vị mới" queue: practices and officers of split communes waiting for the city board's choice."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..errors import DomainError
from ..models import Unit
from ..permissions import successor_choices_visible_to
from ..services.reform import successor_candidates, successor_choose
from .helpers import provincial_required

QUEUE_LIMIT = 200


@require_GET
@provincial_required
def successor_queue(request):
    choices = (
        successor_choices_visible_to(request.user)
        .pending()
        .select_related("old_unit", "old_unit__parent", "practice", "membership__user")
        .order_by("old_unit__path", "pk")
    )
    pending = list(choices[:QUEUE_LIMIT])
    return render(
        request,
        "models_registry/reform/queue.html",
        {"choices": pending, "total": choices.count() if len(pending) == QUEUE_LIMIT else len(pending)},
    )


@require_http_methods(["GET", "POST"])
@provincial_required
def successor_choice(request, pk):
    choice = get_object_or_404(
        successor_choices_visible_to(request.user).select_related("old_unit", "practice", "membership__user", "chosen"),
        pk=pk,
    )
    candidates = successor_candidates(choice)
    if request.method == "POST":
        raw = request.POST.get("unit", "")
        unit = next((c for c in candidates if str(c.pk) == raw), None)
        if unit is None:
            messages.error(request, _("Vui lòng chọn một đơn vị mới trong danh sách."))
        else:
            try:
                successor_choose(choice=choice, unit=unit, actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Đã chuyển sang “%(unit)s”.") % {"unit": unit.name})
                return redirect("successor_queue")
        choice.refresh_from_db()
    return render(
        request,
        "models_registry/reform/choice.html",
        {
            "choice": choice,
            "candidates": candidates,
            "old_parent": Unit.objects.filter(pk=choice.old_unit.parent_id).first(),
        },
    )

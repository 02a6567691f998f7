"""The user's notifications: the list, opening one (marks it read), marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..selectors import notifications as selectors
from .helpers import PAGE_SIZE


@login_required
@require_GET
def notification_list(request):
    notifications = selectors.notifications_for(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "models_registry/practices/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one of the user's notifications read and go to what it is about."""
    notification = get_object_or_404(selectors.notifications_for(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, actor=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notification_list")

"""Password pages: the throttled change form, and the board's reset of its officers' passwords."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from models_registry.errors import DomainError
from models_registry.names import person_name
from models_registry.permissions import officers_resettable_by
from models_registry.views.helpers import board_required

from ..forms import OfficerPasswordResetForm, OfficerSearchForm
from ..security_log import security_event
from ..services import user_password_reset

OFFICERS_PER_PAGE = 50


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form, with wrong old passwords counted like failed logins of the same account.

    Someone at an unlocked PC could otherwise guess the password without limit, then change it.
    """

    def post(self, request, *args, **kwargs):
        credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            security_event("password_change.locked_out", request=request, user=request.user)
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            credentials = {settings.AXES_USERNAME_FORM_FIELD: self.request.user.get_username()}
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
        return super().form_invalid(form)


@board_required
def officer_list(request):
    """The board's officers, to give one a new password when they forgot theirs."""
    form = OfficerSearchForm(request.GET or None)
    officers = officers_resettable_by(request.user).order_by("username")
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        officers = officers.filter(username__icontains=q) | officers.filter(last_name__icontains=q)
    page = Paginator(officers.prefetch_related("memberships__unit"), OFFICERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/officer_list.html", {"form": form, "page": page})


@board_required
@require_POST
def officer_password_reset(request, pk):
    officer = get_object_or_404(officers_resettable_by(request.user), pk=pk)
    form = OfficerPasswordResetForm(request.POST)
    form.is_valid()  # one optional checkbox
    try:
        password = user_password_reset(
            target=officer, actor=request.user, clear_second_factor=form.cleaned_data.get("clear_second_factor", False)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "accounts/officer_list.html", {"form": OfficerSearchForm(), "page": None}, status=400)
    security_event("password.reset_by_board", request=request, user=request.user, target=officer.pk)
    return render(
        request,
        "accounts/officer_password_reset_done.html",
        {"officer": officer, "officer_name": person_name(officer), "password": password},
    )

"""The "Mã truy cập API" page: the user's tokens, create one (shown once), revoke one.

A token is created only from a session that passed the second factor; otherwise the page says how to pass it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from models_registry.errors import DomainError

from ..forms import TokenCreateForm
from ..models import ApiToken
from ..second_factor import session_passed_second_factor
from ..services import token_create, token_revoke


def _page(request, *, form, new_token=None, status=200):
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_token": new_token,
            "verified": session_passed_second_factor(request),
        },
        status=status,
    )
    # The raw token is in this page only once: never cached by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def token_list(request):
    if request.method != "POST":
        return _page(request, form=TokenCreateForm())
    if not session_passed_second_factor(request):
        messages.error(request, _("Vui lòng xác thực hai lớp trước khi tạo mã truy cập API."))
        return _page(request, form=TokenCreateForm(request.POST), status=403)
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        token, raw = token_create(actor=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    except DomainError as error:
        messages.error(request, error.message)
        return _page(request, form=form, status=400)
    messages.success(request, _("Đã tạo mã truy cập “%(name)s”.") % {"name": token.name})
    return _page(request, form=TokenCreateForm(), new_token=raw)


@login_required
@require_POST
def token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    try:
        token_revoke(token=token, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("api_tokens")

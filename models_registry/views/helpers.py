"""Small helpers shared by the views: role gates (404 for the wrong role), where to go back, form errors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .. import permissions


def role_required(check):
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


reviewer_required = role_required(permissions.is_reviewer)
board_required = role_required(permissions.is_board_user)
provincial_required = role_required(permissions.is_provincial)


def back(request, practice=None):
    """Where to go after an action: the page the form came from when it is ours, else the practice."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    if practice is not None:
        return redirect("practice_detail", practice.pk)
    return redirect("review_queue")


def form_errors(form):
    """The form's errors as one message, each prefixed by its field's label ("Ngày khen: Nhập một ngày hợp lệ.")."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and name != "reason" else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)

"""Small helpers shared by the views: calling a service, role gates (404 for the wrong role), where to go back,
form errors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .. import permissions
from ..errors import DomainError

# Rows per page of the practice list and the notifications.
PAGE_SIZE = 25


def service_call(request, service, /, *, success=None, on_error=None, passthrough=(), **arguments):
    """Call ``service(**arguments)`` for a view and turn a refusal into words instead of a crash.

    A DomainError becomes an error message on the next page, or goes to ``on_error(message)`` when given (e.g. a
    form's ``add_error``); the call then returns None. Otherwise ``success`` (a text, or a function of the result)
    is shown as a success message and the service's result is returned (services return the object they wrote).
    Errors listed in ``passthrough`` (e.g. StaleObject, which keeps the typed form on the page) are raised.
    """
    try:
        result = service(**arguments)
    except passthrough:
        raise
    except DomainError as error:
        if on_error is not None:
            on_error(error.message)
        else:
            messages.error(request, error.message)
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


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
        # A plain redirect: shortcuts.redirect would take "0" or "home" for a view name (a server error).
        return HttpResponseRedirect(target)
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


def progress_json(state: dict) -> JsonResponse:
    """The state of a background job (import, report, book) for the page's progress script, never cached."""
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response

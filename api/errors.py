"""A DomainError becomes an API answer with the service's Vietnamese message, like the pages' messages.

409 when the object's state stands in the way (another user acted first, or the state does not allow it),
400 for any other rule of the movement. Form errors are 400 with the form's messages per field.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from models_registry.errors import DomainError, IllegalTransition, StaleObject

CONFLICTS = (IllegalTransition, StaleObject)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        conflict = isinstance(exc, CONFLICTS)
        return Response(
            {"detail": str(exc.message), "code": "conflict" if conflict else "invalid"},
            status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        # The same answer for missing and out of scope (no information leaks).
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


def form_errors(form):
    """A bound, invalid Django form's errors as a DRF ValidationError: {field: [messages]}, "non_field_errors"."""
    detail = {}
    for name, errors in form.errors.items():
        key = "non_field_errors" if name == "__all__" else name
        detail[key] = [str(error) for error in errors]
    return exceptions.ValidationError(detail)


def validated(form):
    """The form's cleaned data, or a 400 with its messages: the API checks input with the pages' own forms."""
    if not form.is_valid():
        raise form_errors(form)
    return form.cleaned_data

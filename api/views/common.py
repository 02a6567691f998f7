"""Helpers shared by the API views: where the permission answers come from, and the form bridge."""

from django.forms.models import model_to_dict
from drf_spectacular.utils import OpenApiResponse
from rest_framework import viewsets

from models_registry.forms.practices import REGISTRATION_FIELDS
from models_registry.models import Practice

from ..serializers import ErrorSerializer, VersionSerializer

# The answers every write may give besides its success (documented once, used by every write view).
ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description="Dữ liệu không hợp lệ hoặc trái quy định (thông báo tiếng Việt)."
    ),
    403: OpenApiResponse(ErrorSerializer, description="Trong phạm vi nhưng không được thực hiện thao tác này."),
    404: OpenApiResponse(ErrorSerializer, description="Không tồn tại hoặc ngoài phạm vi của người dùng."),
    409: OpenApiResponse(
        ErrorSerializer, description="Trạng thái hiện tại không cho phép, hoặc người khác vừa thay đổi."
    ),
}
READ_ERRORS = {404: ERRORS[404]}


def registration_form_data(practice: Practice | None, changes: dict) -> dict:
    """What the registration form receives: the stored values (or a new practice's defaults), then the changes."""
    base = model_to_dict(practice or Practice(), fields=REGISTRATION_FIELDS)
    data = {name: ("" if value is None else value) for name, value in base.items()}
    for name, value in changes.items():
        data[name] = "" if value is None else value
    return data


def checked(serializer_class, request, *, partial=False):
    """The request body checked for JSON types by ``serializer_class`` (400 with the messages otherwise)."""
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def expected_version(request):
    """The version the caller read (optional): a service refuses with 409 when the practice has moved on."""
    return checked(VersionSerializer, request).get("expected_version")


class ScopedViewSet(viewsets.GenericViewSet):
    """The API's view sets: ids are numbers (anything else is a 404 at the URL, never a database error)."""

    lookup_value_converter = "int"

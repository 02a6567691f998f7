"""Practices: the list with the page's filters, one practice, the registration and the officer's actions.

Every practice is found through ``selectors.practice_get`` (the user's scope, 404 outside it); every write calls
the same service as the page, after the page's own form has checked the input.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from models_registry import permissions, services
from models_registry.forms.practices import PracticeForm, ProposeForm
from models_registry.models import PracticeState
from models_registry.models.practices import PracticeKind, PracticeSubject
from models_registry.selectors import practices as selectors
from models_registry.web.filters import PracticeFilter

from ..errors import validated
from ..pagination import CappedPagination
from ..serializers import (
    PracticeDetailSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
    ProposeSerializer,
    VersionSerializer,
)
from .common import ERRORS, READ_ERRORS, ScopedViewSet, checked, expected_version, registration_form_data

SORTS = ["title", "-title", "created", "-created", "state", "-state", "unit", "-unit"]
LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Tìm trong tên và tóm tắt, không cần gõ dấu"),
    OpenApiParameter("unit", int, description="id đơn vị: gồm cả các đơn vị trực thuộc"),
    OpenApiParameter("field", int, description="id lĩnh vực"),
    OpenApiParameter("kind", str, enum=PracticeKind.values),
    OpenApiParameter("subject", str, enum=PracticeSubject.values),
    OpenApiParameter("state", str, enum=PracticeState.values),
    OpenApiParameter("phase", int, description="id giai đoạn"),
    OpenApiParameter("year", int, description="Năm tạo bản đăng ký (2009 đến nay)"),
    OpenApiParameter("sort", str, enum=SORTS, description="Mặc định: mới nhất trước"),
]
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
# A DELETE has no body: the version the caller read travels in the query string.
EXPECTED_VERSION = OpenApiParameter(
    "expected_version", int, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả về 409."
)


def detail_response(request, practice, *, status_code=status.HTTP_200_OK):
    fresh = selectors.practice_get(user=request.user, pk=practice.pk)
    context = {"request": request, "actions": permissions.practice_actions(request.user, fresh)}
    return Response(PracticeDetailSerializer(fresh, context=context).data, status=status_code)


def officer_practice(request, pk, action):
    """A practice in the user's scope (404 outside it) on which the user's role allows ``action`` (403 otherwise).

    The state is the service's to judge, under its row lock (409).
    """
    practice = selectors.practice_get(user=request.user, pk=pk)
    if action not in permissions.practice_rights(request.user, practice):
        raise exceptions.PermissionDenied(_("Chỉ cán bộ của đơn vị đăng ký mới được thực hiện thao tác này."))
    return practice


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách mô hình, điển hình", parameters=LIST_PARAMETERS, responses=PracticeSerializer
    ),
    retrieve=extend_schema(
        summary="Một mô hình, điển hình", parameters=[ID], responses={200: PracticeDetailSerializer, **READ_ERRORS}
    ),
    destroy=extend_schema(
        summary="Xóa bản nháp (chưa gửi cơ quan xét duyệt), cùng các tệp đính kèm",
        description="Như nút “Xóa bản nháp” trên trang: chỉ cán bộ của đơn vị, chỉ bản nháp; nhật ký giữ lại "
        "tên, đơn vị và người xóa. Mô hình đã đăng ký thì rút (withdraw) thay vì xóa.",
        parameters=[ID, EXPECTED_VERSION],
        responses={204: None, **ERRORS},
    ),
)
class PracticeViewSet(ScopedViewSet):
    """Mô hình, điển hình trong phạm vi của người dùng."""

    pagination_class = CappedPagination
    serializer_class = PracticeSerializer

    def get_queryset(self):
        return selectors.practice_queryset(user=self.request.user)

    def list(self, request):
        filterset = PracticeFilter(request.query_params or None, queryset=self.get_queryset(), request=request)
        if filterset.is_bound and not filterset.is_valid():
            raise exceptions.ValidationError({name: [str(e) for e in errs] for name, errs in filterset.errors.items()})
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(PracticeSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return detail_response(request, selectors.practice_get(user=request.user, pk=pk))

    def destroy(self, request, pk=None):
        practice = officer_practice(request, pk, "delete")
        version = VersionSerializer(data=request.query_params)
        version.is_valid(raise_exception=True)
        services.practice_delete_draft(
            practice=practice, actor=request.user, expected_version=version.validated_data.get("expected_version")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Đăng ký bản nháp mới",
        request=PracticeWriteSerializer,
        responses={201: PracticeDetailSerializer, **ERRORS},
    )
    def create(self, request):
        if not permissions.is_officer(request.user):
            raise exceptions.PermissionDenied(_("Chỉ cán bộ của đơn vị mới đăng ký được mô hình, điển hình."))
        changes = checked(PracticeWriteSerializer, request)
        changes.pop("expected_version", None)
        form = PracticeForm(registration_form_data(None, changes), user=request.user)
        validated(form)
        data = form.registration_data()
        unit = data.pop("unit")
        practice = services.practice_create(actor=request.user, unit=unit, data=data)
        return detail_response(request, practice, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sửa bản nháp hoặc bản bị trả lại (chỉ các trường gửi lên)",
        parameters=[ID],
        request=PracticeWriteSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        practice = officer_practice(request, pk, "edit")
        changes = checked(PracticeWriteSerializer, request, partial=True)
        expected_version = changes.pop("expected_version", None)
        # The pages' form requires the version its page showed; the API makes it optional (the current one).
        data = {**registration_form_data(practice, changes), "expected_version": expected_version or practice.version}
        form = PracticeForm(data, instance=practice, user=request.user)
        validated(form)
        updated = services.practice_update(
            practice=practice, actor=request.user, data=form.registration_data(), expected_version=expected_version
        )
        return detail_response(request, updated)

    @extend_schema(
        summary="Đăng ký với Ban Dân vận (bản nháp → đã đăng ký)",
        parameters=[ID],
        request=VersionSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        practice = officer_practice(request, pk, "submit")
        services.practice_submit(practice=practice, actor=request.user, expected_version=expected_version(request))
        return detail_response(request, practice)

    @extend_schema(
        summary="Đề nghị công nhận, kèm kết quả đạt được",
        parameters=[ID],
        request=ProposeSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        practice = officer_practice(request, pk, "propose")
        results = checked(ProposeSerializer, request)
        data = {**results, "expected_version": results.pop("expected_version", None) or practice.version}
        form = ProposeForm(data, practice=practice)
        cleaned = validated(form)
        services.practice_propose(
            practice=practice,
            actor=request.user,
            results=form.results_data(),
            expected_version=cleaned["expected_version"],
        )
        return detail_response(request, practice)

    @extend_schema(
        summary="Rút mô hình (trước khi được công nhận)",
        parameters=[ID],
        request=VersionSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        practice = officer_practice(request, pk, "withdraw")
        services.practice_withdraw(practice=practice, actor=request.user, expected_version=expected_version(request))
        return detail_response(request, practice)

"""The board's actions on one practice and its review queue, as on the review pages.

A reviewer's action finds the practice among those the user reviews (``reviewable_by``), outstanding marks and
commendations among those the user acts on as a board (``practices_actionable_by``): 404 outside them, exactly
as the pages.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from models_registry import permissions, services
from models_registry.forms.review import CommendationForm, DiscontinueForm, OutstandingForm, ReasonForm
from models_registry.models import Practice
from models_registry.selectors.review import review_queue

from ..errors import validated
from ..pagination import SmallPagination
from ..serializers import (
    CommendationOutSerializer,
    CommendationSerializer,
    DiscontinueSerializer,
    OutstandingSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
    ReasonSerializer,
)
from .common import ERRORS, ScopedViewSet, checked
from .practices import ID, detail_response


def _reason_form(form_class, data, practice):
    """The pages' form, with the version the caller read (optional in the API: the current one otherwise)."""
    version = data.get("expected_version") or practice.version
    return validated(form_class({"reason": data.get("reason", ""), "expected_version": version}))


class ReviewViewSet(ScopedViewSet):
    """Xét duyệt: hàng chờ và các thao tác của Ban Dân vận trên một mô hình."""

    serializer_class = PracticeSerializer
    pagination_class = SmallPagination

    def get_queryset(self):
        return Practice.objects.reviewable_by(self.request.user)

    def _reviewable(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _with_reason(self, request, pk, service):
        """Return or reject: a reviewable practice, the pages' reason form, then ``service``."""
        practice = self._reviewable(pk)
        cleaned = _reason_form(ReasonForm, checked(ReasonSerializer, request), practice)
        service(
            practice=practice,
            actor=request.user,
            reason=cleaned["reason"],
            expected_version=cleaned["expected_version"],
        )
        return detail_response(request, practice)

    def _actionable(self, pk):
        if not permissions.is_board_user(self.request.user):
            raise Http404
        return get_object_or_404(permissions.practices_actionable_by(self.request.user), pk=pk)

    @extend_schema(summary="Hàng chờ xét duyệt (đề nghị cũ nhất trước)", responses=PracticeSerializer(many=True))
    @action(detail=False, methods=["get"])
    def queue(self, request):
        if not permissions.is_reviewer(request.user):
            raise Http404
        page = self.paginate_queryset(review_queue(user=request.user).select_related("phase"))
        return self.get_paginated_response(PracticeSerializer(page, many=True).data)

    @extend_schema(
        summary="Trả lại để bổ sung (kèm lý do)",
        parameters=[ID],
        request=ReasonSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._with_reason(request, pk, services.practice_return)

    @extend_schema(
        summary="Không công nhận (kèm lý do)",
        parameters=[ID],
        request=ReasonSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._with_reason(request, pk, services.practice_reject)

    @extend_schema(
        summary="Ghi nhận mô hình đã công nhận không còn duy trì",
        parameters=[ID],
        request=DiscontinueSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def discontinue(self, request, pk=None):
        # Whoever does the yearly work (after a reform: the successor's body, not the closed board), as the pages.
        practice = get_object_or_404(Practice.objects.visible_to(request.user).select_related("unit", "board"), pk=pk)
        if not permissions.may_discontinue(request.user, practice):
            raise Http404
        cleaned = _reason_form(DiscontinueForm, checked(DiscontinueSerializer, request), practice)
        services.practice_discontinue(
            practice=practice,
            actor=request.user,
            reason=cleaned["reason"].strip(),
            expected_version=cleaned["expected_version"],
        )
        return detail_response(request, practice)

    @extend_schema(
        summary="Đánh dấu (hoặc bỏ đánh dấu) mô hình tiêu biểu",
        parameters=[ID],
        request=OutstandingSerializer,
        responses={200: PracticeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def outstanding(self, request, pk=None):
        practice = self._actionable(pk)
        data = checked(OutstandingSerializer, request)
        cleaned = validated(OutstandingForm({"outstanding": data["outstanding"]}))
        services.recognition_mark_outstanding(
            actor=request.user, practice=practice, outstanding=cleaned.get("outstanding", False)
        )
        return detail_response(request, practice)

    @extend_schema(
        summary="Ghi nhận khen thưởng",
        parameters=[ID],
        request=CommendationSerializer,
        responses={201: CommendationOutSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def commendations(self, request, pk=None):
        practice = self._actionable(pk)
        data = checked(CommendationSerializer, request)
        cleaned = validated(CommendationForm(data))
        commendation = services.commendation_record(actor=request.user, practice=practice, **cleaned)
        return Response(CommendationOutSerializer(commendation).data, status=status.HTTP_201_CREATED)

"""Recognition decisions: list and detail in the user's board scope, district and provincial issue.

As on the pages: officers have no decision pages (404); the practices of a district decision are found in the
caller's review queue, those of a provincial decision among the caller's provincial candidates.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from models_registry import permissions, services
from models_registry.forms.decisions import DecisionForm, ProvincialDecisionForm
from models_registry.selectors import decisions as selectors
from models_registry.selectors.review import review_queue

from ..errors import validated
from ..pagination import SmallPagination
from ..serializers import (
    DecisionDetailSerializer,
    DecisionIssueSerializer,
    DecisionSerializer,
    ProvincialDecisionSerializer,
)
from .common import ERRORS, READ_ERRORS, ScopedViewSet, checked
from .practices import ID


def decision_detail_response(request, pk, *, status_code=status.HTTP_200_OK):
    decision = get_object_or_404(selectors.decision_list(user=request.user), pk=pk)
    decision.recognition_rows = list(selectors.decision_recognitions(decision=decision))
    return Response(DecisionDetailSerializer(decision).data, status=status_code)


@extend_schema_view(
    list=extend_schema(summary="Danh sách quyết định công nhận", responses=DecisionSerializer(many=True)),
    retrieve=extend_schema(
        summary="Một quyết định và các mô hình được công nhận",
        parameters=[ID],
        responses={200: DecisionDetailSerializer, **READ_ERRORS},
    ),
)
class DecisionViewSet(ScopedViewSet):
    """Quyết định công nhận do các Ban trong phạm vi của người dùng ban hành."""

    serializer_class = DecisionSerializer
    pagination_class = SmallPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.is_board_user(request.user):
            raise Http404

    def get_queryset(self):
        return selectors.decision_list(user=self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DecisionSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return decision_detail_response(request, pk)

    @extend_schema(
        summary="Ban hành quyết định công nhận cấp huyện",
        request=DecisionIssueSerializer,
        responses={201: DecisionDetailSerializer, **ERRORS},
    )
    def create(self, request):
        if not permissions.is_reviewer(request.user):
            raise Http404
        data = checked(DecisionIssueSerializer, request)
        ids = sorted(set(data["practices"]))
        practices = list(review_queue(user=request.user).filter(pk__in=ids).order_by("proposed_at", "id"))
        if not practices:
            # Only ids of another board, none that exist, or none still proposed: as the page, nothing to decide on.
            raise Http404
        if len(practices) != len(ids):
            raise exceptions.ValidationError(
                {
                    "practices": [
                        _(
                            "Có %(n)s mô hình đã chọn không ở trạng thái chờ công nhận của Ban (có thể người khác "
                            "vừa xử lý). Không có gì được lưu."
                        )
                        % {"n": len(ids) - len(practices)}
                    ]
                }
            )
        boards = {p.board_id: p.board for p in practices}
        if len(boards) > 1:
            raise exceptions.ValidationError(
                {"practices": [_("Một quyết định chỉ công nhận mô hình của một Ban. Vui lòng chọn lại.")]}
            )
        form = DecisionForm(
            {
                "ids": ",".join(str(pk) for pk in ids),
                "number": data["number"],
                "date": data["date"],
                "signer": data["signer"],
                "outstanding": [str(pk) for pk in data.get("outstanding", [])],
            },
            {},
            practices=practices,
        )
        cleaned = validated(form)
        decision = services.decision_issue(
            actor=request.user,
            board=next(iter(boards.values())),
            practices=practices,
            number=cleaned["number"],
            date=cleaned["date"],
            signer=cleaned["signer"],
            scanned_file=None,
            outstanding_ids=cleaned["outstanding"],
        )
        return decision_detail_response(request, decision.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ban hành quyết định công nhận cấp tỉnh, thành phố",
        request=ProvincialDecisionSerializer,
        responses={201: DecisionDetailSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def provincial(self, request):
        provinces = permissions.provincial_units(request.user)
        if not permissions.is_provincial(request.user) or not provinces:
            raise Http404
        data = checked(ProvincialDecisionSerializer, request)
        form = ProvincialDecisionForm(
            {
                "practices": [str(pk) for pk in data["practices"]],
                "number": data["number"],
                "date": data["date"],
                "signer": data["signer"],
            },
            {},
            candidates=selectors.provincial_candidates(user=request.user),
        )
        cleaned = validated(form)
        chosen = list(cleaned["practices"])
        province = next((p for p in provinces if chosen[0].unit.path.startswith(p.path)), provinces[0])
        decision = services.practice_recognize_provincial(
            actor=request.user,
            province=province,
            practices=chosen,
            number=cleaned["number"],
            date=cleaned["date"],
            signer=cleaned["signer"],
            scanned_file=None,
        )
        return decision_detail_response(request, decision.pk, status_code=status.HTTP_201_CREATED)

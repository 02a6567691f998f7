"""Units in the user's scope as they stood on a date (the tree changes: the 2025 reform)."""

from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.response import Response

from models_registry.models import Unit, UnitLevel
from models_registry.web.params import positive_int

from ..pagination import SmallPagination
from ..serializers import UnitSerializer
from .common import READ_ERRORS, ScopedViewSet
from .practices import ID

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Ngày (YYYY-MM-DD); mặc định hôm nay: các đơn vị có hiệu lực vào ngày này"
)
PARAMETERS = [
    AS_OF,
    OpenApiParameter("parent", int, description="id đơn vị cấp trên: chỉ các đơn vị trực thuộc"),
    OpenApiParameter("level", str, enum=UnitLevel.values),
]


def valid_on(queryset, day: date):
    """Units valid on ``day``: started on or before it (or always), not ended before it."""
    return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def _as_of(request) -> date:
    value = request.query_params.get("as_of")
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError({"as_of": [_("Ngày không hợp lệ: dùng dạng YYYY-MM-DD.")]})


@extend_schema_view(
    list=extend_schema(summary="Đơn vị trong phạm vi, có hiệu lực vào một ngày", parameters=PARAMETERS),
    retrieve=extend_schema(
        summary="Một đơn vị", parameters=[ID, AS_OF], responses={200: UnitSerializer, **READ_ERRORS}
    ),
)
class UnitViewSet(ScopedViewSet):
    """Đơn vị (tỉnh, huyện, xã, tổ chức) trong phạm vi của người dùng."""

    serializer_class = UnitSerializer
    pagination_class = SmallPagination

    def get_queryset(self):
        return valid_on(Unit.objects.visible_to(self.request.user), _as_of(self.request)).order_by("path")

    def list(self, request):
        queryset = self.get_queryset()
        parent = request.query_params.get("parent")
        if parent:
            parent_id = positive_int(parent)
            if parent_id is None:
                raise exceptions.ValidationError({"parent": [_("Mã đơn vị cấp trên phải là số.")]})
            queryset = queryset.filter(parent_id=parent_id)
        level = request.query_params.get("level")
        if level:
            if level not in UnitLevel.values:
                raise exceptions.ValidationError({"level": [_("Cấp đơn vị không hợp lệ.")]})
            queryset = queryset.filter(level=level)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(UnitSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

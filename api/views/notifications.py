"""The caller's own notifications (thông báo), newest first."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions

from models_registry.selectors import notifications as selectors

from ..pagination import SmallPagination
from ..serializers import NotificationSerializer
from .common import ScopedViewSet


@extend_schema_view(
    list=extend_schema(
        summary="Thông báo của người dùng",
        parameters=[OpenApiParameter("unread", bool, description="true: chỉ thông báo chưa đọc")],
    )
)
class NotificationViewSet(ScopedViewSet):
    """Thông báo gửi tới người dùng (chỉ của chính người dùng)."""

    serializer_class = NotificationSerializer
    pagination_class = SmallPagination

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    def list(self, request):
        queryset = self.get_queryset()
        unread = request.query_params.get("unread")
        if unread not in (None, "", "true", "false"):
            raise exceptions.ValidationError({"unread": ["true / false"]})
        if unread == "true":
            queryset = queryset.filter(read_at__isnull=True)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

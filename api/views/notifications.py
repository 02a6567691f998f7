"""The caller's own notifications (thông báo), newest first; marking them read goes through the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from models_registry.selectors import notifications as selectors
from models_registry.services.notifications import notification_mark_read, notifications_mark_all_read

from ..pagination import SmallPagination
from ..serializers import NotificationSerializer
from .common import ERRORS, READ_ERRORS, ScopedViewSet
from .practices import ID

MARKED = inline_serializer("NotificationsMarked", fields={"marked": serializers.IntegerField()})


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
        return selectors.notifications_for(user=self.request.user)

    def list(self, request):
        queryset = self.get_queryset()
        unread = request.query_params.get("unread")
        if unread not in (None, "", "true", "false"):
            raise exceptions.ValidationError({"unread": ["true / false"]})
        if unread == "true":
            queryset = queryset.filter(read_at__isnull=True)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    @extend_schema(
        summary="Đánh dấu một thông báo là đã đọc",
        operation_id="notification_mark_read",
        parameters=[ID],
        request=None,
        responses={200: NotificationSerializer, **READ_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        notification = notification_mark_read(notification=notification, actor=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        summary="Đánh dấu mọi thông báo là đã đọc",
        operation_id="notifications_mark_all_read",
        request=None,
        responses={200: MARKED, 400: ERRORS[400]},
    )
    @action(detail=False, methods=["post"], url_path="read", url_name="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(actor=request.user)})

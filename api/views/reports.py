"""Reports: the ones the user may see, a request (a new version built by the worker), its status, the files."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from models_registry.exports import XLSX_TYPE
from models_registry.permissions import requestable_units
from models_registry.web.params import positive_int
from reporting.builders.document import NARRATIVE_FIELDS, PDF_TYPE, report_filename
from reporting.downloads import stored_file_download
from reporting.models import Report, ReportStatus
from reporting.services.requests import report_request

from ..pagination import SmallPagination
from ..serializers import ReportRequestSerializer, ReportSerializer
from .common import ERRORS, READ_ERRORS, ScopedViewSet, checked
from .practices import ID

FORMATS = {"pdf": PDF_TYPE, "xlsx": XLSX_TYPE}
FORMAT_NAMES = ["pdf", "xlsx"]


@extend_schema_view(
    list=extend_schema(
        summary="Báo cáo trong phạm vi (mọi phiên bản)",
        parameters=[OpenApiParameter("year", int, description="Chỉ các báo cáo của năm này")],
    ),
    retrieve=extend_schema(
        summary="Trạng thái và tiến độ của một báo cáo",
        parameters=[ID],
        responses={200: ReportSerializer, **READ_ERRORS},
    ),
)
class ReportViewSet(ScopedViewSet):
    """Báo cáo sơ kết 6 tháng, báo cáo năm và báo cáo tổng hợp của tỉnh."""

    serializer_class = ReportSerializer
    pagination_class = SmallPagination

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by("-year", "period", "unit__path", "-version")
        )

    def list(self, request):
        queryset = self.get_queryset()
        year = request.query_params.get("year", "")
        if year:
            year_number = positive_int(year, limit=9999)
            if year_number is None:
                raise exceptions.ValidationError({"year": [_("Năm báo cáo không hợp lệ.")]})
            queryset = queryset.filter(year=year_number)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        response = Response(ReportSerializer(report).data)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="Yêu cầu lập báo cáo (phiên bản mới; theo dõi trạng thái rồi tải về)",
        request=ReportRequestSerializer,
        responses={202: ReportSerializer, **ERRORS},
    )
    def create(self, request):
        units = requestable_units(request.user)
        if not units.exists():
            raise Http404  # as the page: users who request no report have no request form
        data = checked(ReportRequestSerializer, request)
        unit = units.filter(pk=data["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [_("Bạn không thể yêu cầu báo cáo của đơn vị này.")]})
        report = report_request(
            actor=request.user,
            unit=unit,
            period=data["period"],
            year=data["year"],
            number=data.get("number", ""),
            narrative={name: data.get(name, "") for name in NARRATIVE_FIELDS},
        )
        report = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Tải tệp PDF hoặc Excel của báo cáo đã hoàn thành",
        parameters=[ID, OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=FORMAT_NAMES)],
        responses={
            (200, PDF_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp PDF"),
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp Excel"),
            **READ_ERRORS,
        },
    )
    @action(detail=True, methods=["get"], url_path="download/<str:fmt>", url_name="download")
    def download(self, request, pk=None, fmt=None):
        if fmt not in FORMATS:
            raise Http404
        report = get_object_or_404(self.get_queryset(), pk=pk, status=ReportStatus.SUCCEEDED)
        stored = report.file if fmt == "pdf" else report.xlsx_file
        name = report_filename(report.unit, report.period, report.year, report.version, fmt)
        return stored_file_download(stored, name=name, content_type=FORMATS[fmt])

from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through reporting.services and the build task."""

    list_display = [
        "unit",
        "period",
        "year",
        "version",
        "status",
        "progress",
        "requested_by",
        "queued_at",
        "page_count",
    ]
    list_filter = ["status", "period", "year"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "requested_by"]
    exclude = ["statistics"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

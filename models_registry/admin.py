from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import (
    Attachment,
    AuditEvent,
    Commendation,
    Decision,
    Field,
    Membership,
    Notification,
    Phase,
    Practice,
    Recognition,
    Unit,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["unit"]
    extra = 0


# Users are administered with their memberships on the same page: a login without one sees nothing.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "reviews", "valid_until"]
    list_filter = ["level", "kind", "reviews"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "active"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "is_current"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """Read-mostly: state changes go through the workflow services, not the admin."""

    list_display = ["title", "unit", "field", "kind", "subject", "state", "created_at"]
    list_filter = ["state", "kind", "subject", "field", "phase"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "replicated_from"]
    readonly_fields = ["state", "board"]
    list_select_related = ["unit", "field"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "board", "level", "signer"]
    raw_id_fields = ["board"]


admin.site.register([Recognition, Commendation, Attachment, Notification])


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "object_type", "object_id"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""The admin: units, memberships and reference lists are edited here; the workflow's records are shown read-only.

Decisions, recognitions, commendations, attachments, audit events and decided practices change only through the
services (lock, state check, audit event); the admin never adds an audit event or edits a decided record.
"""

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
from .models.practices import DECIDED_STATES


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows the rows; adding, changing and deleting happen only through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    list_filter = ["level", "kind", "sector", "reviews"]
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
    """Read-mostly: state changes go through the workflow services, not the admin; a decided practice (recognized,
    not recognized, discontinued) is read-only, as its decision and audit trail refer to what it was."""

    list_display = ["title", "unit", "field", "kind", "subject", "state", "created_at"]
    list_filter = ["state", "kind", "subject", "field", "phase"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "replicated_from"]
    readonly_fields = ["state", "board"]
    list_select_related = ["unit", "field"]

    def has_change_permission(self, request, obj=None):
        return not _decided(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _decided(obj) and super().has_delete_permission(request, obj)


def _decided(practice):
    return practice is not None and practice.state in DECIDED_STATES


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "board", "level", "signer"]
    list_select_related = ["board"]


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "decision", "level", "outstanding", "created_at"]
    list_filter = ["level", "outstanding"]
    list_select_related = ["practice", "decision"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["practice", "form", "issuer", "decision_number", "date"]
    list_select_related = ["practice"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "practice", "kind", "content_type", "size"]
    list_filter = ["kind"]
    list_select_related = ["practice"]


admin.site.register(Notification)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "object_type", "object_id"]
    list_filter = ["action"]
    list_select_related = ["actor"]

from django.contrib import admin

from .models import Book, CommitteeTerm, RegisterEntry


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(admin.ModelAdmin):
    """Terms are data the board corrects (the congress date); numbers already given keep their term."""

    list_display = ["unit", "name", "start", "end", "assumed"]
    list_filter = ["assumed"]
    search_fields = ["unit__name", "name"]
    raw_id_fields = ["unit"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services (numbers under a lock, books by the worker): shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "doc_type", "issuer", "term", "subject", "manual"]
    list_filter = ["doc_type", "manual"]
    search_fields = ["number", "subject", "issuer__name"]
    list_select_related = ["issuer", "term"]


@admin.register(Book)
class BookAdmin(ReadOnlyAdmin):
    list_display = ["unit", "phase", "status", "practice_count", "page_count", "queued_at"]
    list_filter = ["status"]
    list_select_related = ["unit", "phase"]

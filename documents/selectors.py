"""Reads of the documents app: the numbering register and the books of models, always from a scoped queryset."""

from django.db.models import Q

from models_registry.models import Unit, UnitLevel
from models_registry.permissions import board_scope_q, is_superuser

from .models import Book, RegisterEntry


def register_issuers(user):
    """Issuing bodies whose register the user may read: boards and provinces in the user's board scope."""
    return Unit.objects.filter(board_scope_q(user, "path")).filter(Q(reviews=True) | Q(level=UnitLevel.PROVINCE))


def register_entries(user, *, issuer=None, doc_type="", year=None):
    """Lines of the register the user may read, newest first."""
    entries = RegisterEntry.objects.visible_to(user).select_related("issuer", "term", "issued_by")
    if issuer is not None:
        entries = entries.filter(issuer=issuer)
    if doc_type:
        entries = entries.filter(doc_type=doc_type)
    if year:
        entries = entries.filter(date__year=year)
    return entries.order_by("-date", "-seq", "-id")


def books_visible_to(user):
    return Book.objects.visible_to(user).select_related("unit", "phase", "requested_by")


def book_units(user):
    """Units whose book the user may request: provinces, districts and communes of the user's board scope
    (a superuser picks among provinces and boards: ten thousand communes make no usable list)."""
    from models_registry.models import UnitLevel as Level

    levels = [Level.PROVINCE, Level.DISTRICT] if is_superuser(user) else list(Level.values)
    return (
        Unit.objects.current()
        .filter(board_scope_q(user, "path"), level__in=levels)
        .exclude(level=Level.ORGANIZATION)
        .order_by("path")
    )

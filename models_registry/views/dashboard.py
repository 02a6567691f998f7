"""The dashboard: counts for the reviewer's district or, for provincial staff, the province and each district."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import permissions
from ..selectors.dashboard import dashboard as dashboard_counts
from ..selectors.review import LATE_AFTER_DAYS
from ..selectors.units import district_boards
from ..web.params import positive_int
from .helpers import board_required


@require_GET
@board_required
def dashboard(request):
    """Counts for the reviewer's district or, for provincial staff, the province and each district."""
    board = None
    board_id = positive_int(request.GET.get("district"))
    if board_id and permissions.is_provincial(request.user):
        board = get_object_or_404(district_boards(user=request.user), pk=board_id)
    stats = dashboard_counts(user=request.user, board=board)
    return render(
        request,
        "models_registry/review/dashboard.html",
        {"stats": stats, "board": board, "late_after": LATE_AFTER_DAYS},
    )

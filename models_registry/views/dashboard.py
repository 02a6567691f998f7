"""The dashboard: counts for the reviewer's district or, for provincial staff, the province and each district."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import permissions
from ..bodies import current_phase
from ..models import Phase
from ..selectors.dashboard import dashboard as dashboard_counts
from ..selectors.dashboard import dashboard_practices, unit_grouping
from ..selectors.review import LATE_AFTER_DAYS
from ..selectors.trends import trends
from ..selectors.units import district_boards
from ..web.params import positive_int
from ..web.svg_charts import trend_charts
from .helpers import board_required


@require_GET
@board_required
def dashboard(request):
    """Counts for the reviewer's district or, for provincial staff, the province and each district."""
    board = None
    board_id = positive_int(request.GET.get("district"))
    if board_id and permissions.is_provincial(request.user):
        board = get_object_or_404(district_boards(user=request.user), pk=board_id)
    grouping = unit_grouping(user=request.user, board=board)
    stats = dashboard_counts(user=request.user, board=board, grouping=grouping)
    # Over time: the current phase by default (2026–2030), or an earlier one to look back at.
    phases = list(Phase.objects.order_by("-start_year"))
    wanted = positive_int(request.GET.get("phase"))
    phase = next((p for p in phases if p.pk == wanted), None) or current_phase(phases=phases)
    trend = trends(
        practices=dashboard_practices(user=request.user, board=board),
        grouping=grouping,
        phase=phase,
        board_names={row["board_id"]: row["name"] for row in stats.units if row.get("board_id")},
    )
    return render(
        request,
        "models_registry/review/dashboard.html",
        {
            "stats": stats,
            "board": board,
            "late_after": LATE_AFTER_DAYS,
            "trend": trend,
            "trend_chart": trend_charts(trend),
            "trend_rows": list(zip(trend.labels, trend.totals, strict=True)),
            "phases": phases,
        },
    )

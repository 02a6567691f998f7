"""The home page: each role's starting point and the counts of its scope by state."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from ..models import Practice, PracticeState
from ..permissions import memberships_of


def state_counts(user):
    """How many practices in the user's scope sit in each state (one GROUP BY), in workflow order."""
    counts = dict(Practice.objects.visible_to(user).order_by().values_list("state").annotate(n=Count("id")))
    return [(state, label, counts.get(state, 0)) for state, label in PracticeState.choices]


def home(request):
    """The showcase for visitors; for a signed-in user, their role's starting page."""
    if not request.user.is_authenticated:
        from .public import public_list

        return public_list(request)
    return _start_page(request)


@login_required
def _start_page(request):
    """Each role's starting page: what it can do, for which unit, and where things stand."""
    memberships = memberships_of(request.user)
    return render(
        request,
        "home.html",
        {"role_units": memberships, "state_counts": state_counts(request.user) if memberships else []},
    )

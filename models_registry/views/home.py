from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models.units import memberships_of


@login_required
def home(request):
    """Each role's starting page: what it can do, and for which unit."""
    return render(request, "home.html", {"role_units": memberships_of(request.user)})

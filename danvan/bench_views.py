"""Views that exist only in the benchmark settings (settings.BENCH_VIEWS); never routed in production."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    """The framework's floor: every middleware, the session and the user loaded, and no work of our own."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")

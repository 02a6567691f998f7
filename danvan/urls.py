from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from models_registry.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("api.urls")),
    # The API token page (accounts/api-tokens/) and the open data files (public/data.json, .csv, .xlsx).
    path("", include("api.site_urls")),
    path("reports/", include("reporting.urls")),
    path("", include("documents.urls")),
    path("", include("models_registry.urls")),
]

if getattr(settings, "BENCH_VIEWS", False):  # only danvan.settings.bench turns this on
    from danvan.bench_views import floor

    urlpatterns.insert(0, path("bench/floor/", floor, name="bench_floor"))

admin.site.site_header = _("Cổng Dân vận khéo — Quản trị")
admin.site.site_title = _("Dân vận khéo")

handler400 = "danvan.errors.bad_request"
handler403 = "danvan.errors.permission_denied"
handler404 = "danvan.errors.page_not_found"
handler500 = "danvan.errors.server_error"

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .views.decisions import DecisionViewSet
from .views.notifications import NotificationViewSet
from .views.practices import PracticeViewSet
from .views.reports import ReportViewSet
from .views.review import ReviewViewSet
from .views.units import UnitViewSet

app_name = "api"

# Path converters (<int:pk>), not regexes: the security sweeps fill every route's ids like the pages' routes.
router = SimpleRouter(use_regex_path=False)
router.register("practices", PracticeViewSet, basename="practice")
router.register("review/practices", ReviewViewSet, basename="review")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("units", UnitViewSet, basename="unit")
router.register("reports", ReportViewSet, basename="report")
router.register("notifications", NotificationViewSet, basename="notification")

# Swagger UI sets style attributes from its script: the docs page alone allows inline styles (never scripts).
docs = csp_update({"style-src": ["'unsafe-inline'"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path("v1/", include(router.urls)),
]

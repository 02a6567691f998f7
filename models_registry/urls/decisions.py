"""Routes of the decisions pages (views/decisions.py)."""

from django.urls import path

from ..views import decisions

urlpatterns = [
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/provincial/new/", decisions.decision_provincial_create, name="decision_provincial_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/file/", decisions.decision_file, name="decision_file"),
]

"""Routes of the dashboard pages (views/dashboard.py)."""

from django.urls import path

from ..views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]

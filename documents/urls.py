from django.urls import path

from . import views

urlpatterns = [
    path("decisions/<int:pk>/document/", views.decision_document, name="decision_document"),
    path("decisions/<int:pk>/certificates/", views.decision_certificates, name="decision_certificates"),
    path("practices/<int:pk>/sheet/", views.practice_sheet, name="practice_sheet"),
]

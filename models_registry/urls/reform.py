from django.urls import path

from ..views import reform

urlpatterns = [
    path("reform/choices/", reform.successor_queue, name="successor_queue"),
    path("reform/choices/<int:pk>/", reform.successor_choice, name="successor_choice"),
]

"""Routes of the practices pages (views/practices.py)."""

from django.urls import path

from ..views import practices

urlpatterns = [
    path("practices/", practices.practice_list, name="practice_list"),
    path("practices/export/", practices.practice_export, name="practice_export"),
    path("practices/new/", practices.practice_create, name="practice_create"),
    path("practices/similar/", practices.practice_similar, name="practice_similar"),
    path("practices/<int:pk>/", practices.practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", practices.practice_edit, name="practice_edit"),
    path("practices/<int:pk>/submit/", practices.practice_submit, name="practice_submit"),
    path("practices/<int:pk>/propose/", practices.practice_propose, name="practice_propose"),
    path("practices/<int:pk>/withdraw/", practices.practice_withdraw, name="practice_withdraw"),
    path("practices/<int:pk>/delete/", practices.practice_delete, name="practice_delete"),
    path("practices/<int:pk>/attachments/", practices.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", practices.attachment_download, name="attachment_download"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("decisions/<int:pk>/document/", views.decision_document, name="decision_document"),
    path("decisions/<int:pk>/certificates/", views.decision_certificates, name="decision_certificates"),
    path("practices/<int:pk>/sheet/", views.practice_sheet, name="practice_sheet"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report_issue"),
    path("register/", views.register, name="register"),
    path("register/export/", views.register_export, name="register_export"),
    path("books/", views.book_list, name="book_list"),
    path("books/<int:pk>/", views.book_detail, name="book_detail"),
    path("books/<int:pk>/status/", views.book_status, name="book_status"),
    path("books/<int:pk>/download/", views.book_download, name="book_download"),
]

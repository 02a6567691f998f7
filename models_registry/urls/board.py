"""Routes of the board's year and desk (views/board.py)."""

from django.urls import path

from ..views import board

urlpatterns = [
    path("review/yearly/", board.yearly_check_list, name="yearly_check_list"),
    path("review/yearly/confirm/", board.yearly_check_confirm, name="yearly_check_confirm"),
    path("review/practices/<int:pk>/notes/", board.review_note_add, name="review_note_add"),
    path("review/practices/<int:pk>/assign/", board.review_assign, name="review_assign"),
    path("attachments/<int:pk>/public/", board.attachment_publish, name="attachment_publish"),
]

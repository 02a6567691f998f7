"""Routes of the review pages (views/review.py)."""

from django.urls import path

from ..views import review

urlpatterns = [
    path("review/", review.review_queue, name="review_queue"),
    path("review/practices/<int:pk>/return/", review.practice_return, name="practice_return"),
    path("review/practices/<int:pk>/reject/", review.practice_reject, name="practice_reject"),
    path("review/practices/<int:pk>/discontinue/", review.practice_discontinue, name="practice_discontinue"),
    path(
        "review/practices/<int:pk>/outstanding/",
        review.recognition_mark_outstanding,
        name="recognition_mark_outstanding",
    ),
    path("review/practices/<int:pk>/commendations/", review.commendation_record, name="commendation_record"),
]

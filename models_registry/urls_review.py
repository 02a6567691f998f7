from django.urls import path

from .views import public, review

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
    path("decisions/", review.decision_list, name="decision_list"),
    path("decisions/new/", review.decision_create, name="decision_create"),
    path("decisions/provincial/new/", review.decision_provincial_create, name="decision_provincial_create"),
    path("decisions/<int:pk>/", review.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/file/", review.decision_file, name="decision_file"),
    path("dashboard/", review.dashboard, name="dashboard"),
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
]

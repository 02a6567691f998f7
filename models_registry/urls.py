from django.urls import include, path

from .views import home

urlpatterns = [
    path("", home.home, name="home"),
    # Officer side: practice list/detail/create/edit/attachments/notifications (views/practices.py).
    path("", include("models_registry.urls_practices")),
    # Board side: review queue, decisions, dashboard, public showcase (views/review.py, views/public.py).
    path("", include("models_registry.urls_review")),
]

"""The registry's routes, one module per topic (each holds only its own paths)."""

from django.urls import include, path

from ..views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("models_registry.urls.accounts")),
    # Officer side: practice list/detail/create/edit/attachments (views/practices.py).
    path("", include("models_registry.urls.practices")),
    path("", include("models_registry.urls.notifications")),
    # Board side: review queue and actions, decisions, dashboard (views/review.py, decisions.py, dashboard.py).
    path("", include("models_registry.urls.review")),
    # The board's year and desk: yearly checks, private notes, assignment, public photos (views/board.py).
    path("", include("models_registry.urls.board")),
    path("", include("models_registry.urls.decisions")),
    path("", include("models_registry.urls.dashboard")),
    # Excel import of existing practices (views/imports.py).
    path("", include("models_registry.urls.imports")),
    # After an administrative reform: the city board's "chọn đơn vị mới" queue (views/reform.py).
    path("", include("models_registry.urls.reform")),
    # The public showcase, without login (views/public.py).
    path("", include("models_registry.urls.public")),
]

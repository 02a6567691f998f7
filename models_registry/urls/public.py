"""Routes of the public pages (views/public.py)."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
]

"""Routes of the public pages (views/public.py, views/public_photos.py)."""

from django.urls import path

from ..views import public, public_photos

urlpatterns = [
    path("public/", public.public_list, name="public_list"),
    path("public/<int:pk>/", public.public_detail, name="public_detail"),
    path("public/photos/<int:pk>/", public_photos.public_photo, name="public_photo"),
    path("public/photos/<int:pk>/thumb/", public_photos.public_photo_thumb, name="public_photo_thumb"),
]

"""The API's pages outside /api/: the token page and the open data files."""

from django.urls import path

from .open_data import FORMATS, open_data
from .views.tokens import token_list, token_revoke_view

urlpatterns = [
    path("accounts/api-tokens/", token_list, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", token_revoke_view, name="api_token_revoke"),
    # One plain route per format (no parameter): each file is a page of its own for the sweeps and for caches.
    *(path(f"public/data.{fmt}", open_data, {"fmt": fmt}, name=f"open_data_{fmt}") for fmt in FORMATS),
]

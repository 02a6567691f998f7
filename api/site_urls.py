"""The API's pages outside /api/: the token page and the open data files."""

from django.urls import path, re_path

from .open_data import open_data
from .views.tokens import token_list, token_revoke_view

urlpatterns = [
    path("accounts/api-tokens/", token_list, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", token_revoke_view, name="api_token_revoke"),
    re_path(r"^public/data\.(?P<fmt>json|csv|xlsx)$", open_data, name="open_data"),
]

"""Login, logout and password change: Django's views with the portal's login form."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views.password import PasswordChangeView

from ..forms.accounts import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Wrong old passwords count as failed logins (accounts/views/password.py).
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

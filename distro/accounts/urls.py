"""Routes that replace Wagtail's own login, logout and password reset (see distro/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="accounts_login"),
    path("login/code/", views.LoginCodeView.as_view(), name="accounts_login_code"),
    path("logout/", views.LogoutView.as_view(), name="accounts_logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="accounts_password_reset"),
]

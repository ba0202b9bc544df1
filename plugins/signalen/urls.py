"""Signalen's public addresses (inside the language prefixes, before Wagtail's pages)."""

from django.urls import path

from . import views

app_name = "signalen"

urlpatterns = [
    path("signalen/bekeken/<int:page_id>.css", views.count_view, name="bekeken"),
]

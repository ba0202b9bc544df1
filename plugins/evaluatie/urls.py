"""The evaluatie's own addresses (inside the language prefixes, before Wagtail's pages)."""

from django.urls import path

from . import feedback, views

app_name = "evaluatie"

urlpatterns = [
    path("evaluatie/c/<str:code>/", views.invitation, name="uitnodiging"),
    path("evaluatie/nuttig/", feedback.vote, name="nuttig"),
    path("evaluatie/voorlezen/<int:page_id>/<str:block_id>.wav", views.read_aloud, name="voorlezen"),
]

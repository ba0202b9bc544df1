"""The plugin's own address: the distro includes urls.py of enabled plugins only."""

from django.urls import path

from . import views

app_name = "voorbeeld"
urlpatterns = [path("voorbeeld/groet.json", views.groet, name="groet")]

from django.urls import path

from hangviet.core import views

app_name = "core"

urlpatterns = [
    path("units/legacy/", views.legacy_lookup, name="legacy_lookup"),
]

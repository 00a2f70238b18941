from django.urls import path  # noqa: F401

from hangviet.catalog import views  # noqa: F401

app_name = "catalog"

urlpatterns: list = []

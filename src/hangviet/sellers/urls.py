from django.urls import path  # noqa: F401

from hangviet.sellers import views  # noqa: F401

app_name = "sellers"

urlpatterns: list = []

from django.urls import path

from hangviet.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/indicators/<slug:code>/records/", views.indicator_records, name="records"),
]

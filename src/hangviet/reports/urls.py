from django.urls import path

from hangviet.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/targets/<int:year>/", views.targets, name="targets"),
    path("reports/indicators/<slug:code>/records/", views.indicator_records, name="records"),
]

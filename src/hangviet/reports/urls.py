from django.urls import path

from hangviet.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/targets/<int:year>/", views.targets, name="targets"),
    path("reports/indicators/<slug:code>/records/", views.indicator_records, name="records"),
    path("reports/year-end/", views.yearend, name="yearend"),
    path("reports/year-end/<int:pk>/", views.yearend_detail, name="yearend_detail"),
    path("reports/year-end/<int:pk>/<slug:kind>", views.yearend_file, name="yearend_file"),
    # Open data: stable URLs, one file per year, and their data dictionary.
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/indicators.schema.json", views.open_data_schema, name="open_data_schema"),
    path("open-data/<int:year>/indicators.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/<int:year>/indicators.json", views.open_data_json, name="open_data_json"),
]

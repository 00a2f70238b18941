"""Mounted at /seller/<slug:shop>/import/ (config/urls.py): every view takes `shop`."""

from django.urls import path

from hangviet.catalog import import_views as views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/file/", views.job_file, name="job_file"),
    path("template.xlsx", views.template_xlsx, name="template_xlsx"),
    path("template.csv", views.template_csv, name="template_csv"),
    path("export.xlsx", views.export_xlsx, name="export"),
]

"""The seller's product pages, mounted by config/urls.py at seller/<slug:shop>/products/."""

from django.urls import path

from hangviet.catalog import seller_views as views

app_name = "seller_catalog"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("new/", views.product_create, name="create"),
    path("<int:pk>/", views.product_edit, name="edit"),
    path("<int:pk>/archive/", views.product_archive, name="archive"),
    path("<int:pk>/stock/", views.product_stock, name="stock"),
    path("<int:pk>/images/", views.product_images, name="images"),
    path("<int:pk>/images/<int:image_pk>/delete/", views.image_delete, name="image_delete"),
]

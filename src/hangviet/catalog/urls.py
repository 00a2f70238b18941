from django.urls import path

from hangviet.catalog import views

app_name = "catalog"

urlpatterns = [
    path("p/<slug:slug>/", views.product_detail, name="product"),
    path("shops/<slug:slug>/", views.shop_detail, name="shop"),
]

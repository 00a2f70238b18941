from django.urls import path

from hangviet.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("c/<slug:category_slug>/", views.browse, name="browse"),
    path("policies/terms/", views.terms, name="terms"),
    path("policies/privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]

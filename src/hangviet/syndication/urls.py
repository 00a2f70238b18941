from django.urls import re_path

from hangviet.syndication import views

app_name = "syndication"

urlpatterns = [
    re_path(r"^feeds/google-merchant\.(?P<fmt>tsv|xml)$", views.platform_feed, name="platform_feed"),
    re_path(
        r"^feeds/(?P<shop>[-a-zA-Z0-9_]+)/google-merchant\.(?P<fmt>tsv|xml)$",
        views.shop_feed,
        name="shop_feed",
    ),
]

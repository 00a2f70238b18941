"""The site's URLs plus one view that fails, for the tests of error logging and reporting."""

from django.urls import path

from hangviet.config.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("the view failed on purpose")


urlpatterns = [path("boom/", boom), *site]

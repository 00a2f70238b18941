"""Every error page (400, 403, 404, 429, 500, 503 and the CSRF 403) is the site's own, in the visitor's
language: never Django's bare English "403 Forbidden"."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from hangviet.config.urls import urlpatterns as site_urls
from hangviet.core import ratelimit

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied


def _database_away(request):
    raise OperationalError("the database restarts")


urlpatterns = [
    path("test-boom/", _boom),
    path("test-forbidden/", _forbidden),
    path("test-db-away/", _database_away),
    *site_urls,
]

VI, EN = {"HTTP_ACCEPT_LANGUAGE": "vi"}, {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(response) -> str:
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    html = response.content.decode()
    assert "HàngViệt" in html and "site.css" in html, html[:300]  # the site's own page, styled
    return html


@pytest.mark.parametrize(
    ("headers", "lang", "title"),
    [(VI, "vi", "Không tìm thấy trang"), (EN, "en", "Page not found")],
)
def test_404_in_the_visitors_language(client, headers, lang, title):
    response = client.get("/khong-co-trang-nay/", **headers)
    html = page(response)
    assert response.status_code == 404 and f'lang="{lang}"' in html and title in html


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("headers", "signed_in", "text"),
    [
        (VI, False, "Vui lòng đăng nhập bằng tài khoản có quyền"),
        (EN, False, "Please sign in with an account"),
        (VI, True, "Tài khoản của bạn không có quyền"),
        (EN, True, "Your account does not have permission"),
    ],
)
def test_403_is_the_sites_page(client, f, headers, signed_in, text):
    if signed_in:
        client.force_login(f.user())
    response = client.get("/test-forbidden/", **headers)
    html = page(response)
    assert response.status_code == 403 and "403 Forbidden" not in html and text in html


@pytest.mark.parametrize(("headers", "text"), [(VI, "Biểu mẫu đã hết hạn"), (EN, "This form has expired")])
def test_csrf_failure_is_explained(headers, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/orders/track/", {"code": "HV234567", "phone": "0912345678"}, **headers)
    assert response.status_code == 403 and text in page(response)


@pytest.mark.parametrize(("headers", "text"), [(VI, "Yêu cầu không hợp lệ"), (EN, "Bad request")])
def test_400_is_the_sites_page(client, headers, text):
    fields = {f"f{i}": "x" for i in range(1100)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS: Django answers 400
    response = client.post("/orders/track/", fields, **headers)
    assert response.status_code == 400 and text in page(response)


@override_settings(HANGVIET_RATE_LIMITS=[("POST", r"^/orders/track/$", "1/60")])
@pytest.mark.parametrize(("headers", "text"), [(VI, "Quá nhiều yêu cầu"), (EN, "Too many requests")])
def test_429_page_is_the_sites_own(client, monkeypatch, headers, text):
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))
    body = {"code": "HV234567", "phone": "0912345678"}
    client.post("/orders/track/", body, REMOTE_ADDR=f"10.9.0.{len(text)}")
    response = client.post("/orders/track/", body, REMOTE_ADDR=f"10.9.0.{len(text)}", **headers)
    assert response.status_code == 429 and response["Retry-After"] == "60" and text in page(response)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(("headers", "text"), [(VI, "Có lỗi ở máy chủ"), (EN, "Something went wrong")])
def test_500_is_the_sites_page(headers, text):
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom/", **headers)
    assert response.status_code == 500 and text in page(response)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("headers", "text"), [(VI, "Hệ thống đang bận"), (EN, "busy")])
def test_503_while_the_database_is_away_is_the_sites_page(client, headers, text):
    response = client.get("/test-db-away/", **headers)
    assert response.status_code == 503 and text in page(response)

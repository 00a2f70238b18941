from unittest import mock

from django.db import DatabaseError
from django.test import Client


def test_healthz_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_503_when_database_fails(client, db):
    with mock.patch("hangviet.web.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_healthz_503_when_pages_cannot_render_for_want_of_static_files(client, db, settings, tmp_path):
    # a fresh checkout served without `collectstatic`: the manifest every page's stylesheet is named from
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert Client(raise_request_exception=False).get("/").status_code == 500  # what /healthz must not hide

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "pages": "cannot render (static files missing or stale)"}

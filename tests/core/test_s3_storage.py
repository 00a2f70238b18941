"""Media and private files in S3-compatible storage (HANGVIET_S3_BUCKET): public files keep their /media/
URLs and are streamed from the bucket with the same prefix check; a private file's view answers with a
short-lived signed URL that makes the bucket send the stored type and download name. moto stands in for
the bucket (in process here; tests/deploy/test_multi_instance.py runs its server with two app servers)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models.fields.files import FieldFile
from django.test import override_settings

from hangviet.core.files import serve_private_file

moto = pytest.importorskip("moto", reason="moto is a dev dependency (pip install 'moto[server]')")

S3 = {
    "bucket_name": "hv-test",
    "region_name": "us-east-1",
    "default_acl": None,
    "file_overwrite": False,
    "signature_version": "s3v4",  # as settings.py configures it
    "addressing_style": "path",
}
STORAGES = {
    "default": {
        "BACKEND": "hangviet.core.s3.AppServedS3Storage",
        "OPTIONS": {**S3, "location": "public", "querystring_auth": False},
    },
    "private": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**S3, "location": "private", "querystring_auth": True, "querystring_expire": 60},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def bucket(monkeypatch):
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with moto.mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="hv-test")
        # Django resets `storages` and default_storage when STORAGES changes (and back afterwards).
        with override_settings(STORAGES=STORAGES, HANGVIET_S3_SIGNED_URL_SECONDS=60):
            yield


def test_public_files_are_served_from_the_bucket_under_media(bucket, client):
    name = storages["default"].save("products/2026/mat.png", ContentFile(b"\x89PNG data"))
    assert storages["default"].url(name) == f"/media/{name}"
    response = client.get(f"/media/{name}")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"\x89PNG data"
    storages["default"].save("ocop/dossiers/x.pdf", ContentFile(b"%PDF"))
    assert client.get("/media/ocop/dossiers/x.pdf").status_code == 404  # not a public prefix
    assert client.get("/media/products/none.png").status_code == 404


def test_a_private_file_is_a_redirect_to_a_short_lived_signed_url(bucket):
    storage = storages["private"]
    name = storage.save("ocop/dossiers/2026/abc.pdf", ContentFile(b"%PDF-1.7"))
    field = FieldFile(None, type("F", (), {"storage": storage})(), name)
    response = serve_private_file(field, content_type="application/pdf", filename="Hồ sơ.pdf")
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert url.path.endswith(f"/private/{name}") or url.path.endswith(name)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert "private, no-store" in query["response-cache-control"]
    import requests

    fetched = requests.get(response["Location"], timeout=5)  # moto answers the signed URL in process
    assert fetched.content == b"%PDF-1.7"

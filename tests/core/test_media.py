"""Public media stays public at /media/, but only under the public upload prefixes; every other file
field of every model writes to the private storage, outside MEDIA_ROOT."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from hangviet.catalog import services as catalog_services
from hangviet.core.files import private_storage

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = ("products/", "sellers/logos/", "promotion/news/", "demo/")


def put_in_media_root(name: str, content: bytes = b"x") -> None:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def jpeg() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 10, 10)).save(buf, "JPEG")
    return SimpleUploadedFile("anh.jpg", buf.getvalue())


def test_product_pictures_still_load(client, f):
    product = f.product()
    owner = product.seller.memberships.get().user
    image = catalog_services.add_product_image(actor=owner, product=product, uploaded_file=jpeg())
    for url in (image.image.url, image.thumbnail.url):
        assert url.startswith("/media/products/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "name",
    [
        "products/2026/12/anh.jpg",
        "products/thumbs/2026/12/anh-thumb.webp",
        "sellers/logos/logo.png",
        "promotion/news/2026/anh.jpg",
        "demo/mat-ong.webp",
    ],
)
def test_public_prefixes_are_served(client, name):
    put_in_media_root(name, b"public")
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"public"


@pytest.mark.parametrize(
    "path",
    [
        "ocop/dossiers/2026/12/hoso-107.pdf",
        "imports/2026/12/san-pham.xlsx",
        "promotion/mous/2026/mou-3f2a9c1b7d4e.pdf",
        "secret.txt",
        "productsX/secret.txt",  # a prefix is a folder, not the start of a name
        "products/../secret.txt",
        "products/%2e%2e/secret.txt",
        "products/..%2fsecret.txt",
        "demo/../ocop/dossiers/2026/12/hoso-107.pdf",
    ],
)
def test_nothing_outside_the_public_prefixes_is_served_even_under_media_root(client, path):
    for name in ("ocop/dossiers/2026/12/hoso-107.pdf", "imports/2026/12/san-pham.xlsx", "secret.txt"):
        put_in_media_root(name)
    put_in_media_root("promotion/mous/2026/mou-3f2a9c1b7d4e.pdf")
    put_in_media_root("productsX/secret.txt")
    assert client.get(f"/media/{path}").status_code == 404


def test_every_file_field_is_private_or_under_a_public_prefix():
    """A new FileField must either use the private storage or upload under a prefix /media/ serves (and
    then its page must be public): nothing falls in between."""
    public, private = [], []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.FileField):
                continue
            label = f"{model._meta.label}.{field.name}"
            # The callable the field names (the storage object itself is replaced when a test changes
            # the storage settings, after the models took theirs).
            if (
                getattr(field, "_storage_callable", None) is private_storage
                or field.storage is private_storage()
            ):
                private.append(label)
            else:
                assert isinstance(field.upload_to, str), label
                assert field.upload_to.startswith(PUBLIC_PREFIXES), label
                public.append(label)
    assert sorted(private) == [
        "catalog.ImportJob.file",
        "ocop.DossierAttachment.file",
        "promotion.Mou.document",
        "reports.YearEndReport.docx",
        "reports.YearEndReport.pdf",
        "reports.YearEndReport.xlsx",
        "sellers.Seller.licence",
    ]
    assert sorted(public) == [
        "catalog.ProductImage.image",
        "catalog.ProductImage.thumbnail",
        "promotion.NewsPost.image",
        "sellers.Seller.logo",
    ]
    assert tuple(settings.HANGVIET_PUBLIC_MEDIA_PREFIXES) == PUBLIC_PREFIXES


def test_private_files_live_outside_media_root():
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert Path(private_storage().location).resolve() == private_root
    assert not private_root.is_relative_to(media_root) and not media_root.is_relative_to(private_root)
    assert settings.STORAGES["private"]["OPTIONS"]["location"] == settings.PRIVATE_MEDIA_ROOT


def test_a_private_folder_inside_a_public_one_stops_the_platform(settings, tmp_path):
    """`hangviet migrate` and `hangviet check` refuse a PRIVATE_MEDIA_ROOT that a proxy serving MEDIA_ROOT
    or STATIC_ROOT would serve too."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    for private, expected in [
        (tmp_path / "private", []),
        (tmp_path / "media" / "private", ["hangviet.E001"]),
        (tmp_path / "static" / "x", ["hangviet.E001"]),
        (tmp_path, ["hangviet.E001", "hangviet.E001"]),
    ]:
        settings.PRIVATE_MEDIA_ROOT = private
        errors = checks.run_checks()
        assert [e.id for e in errors if e.id.startswith("hangviet.")] == expected, private

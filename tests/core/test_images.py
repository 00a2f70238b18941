"""The one checked path for pictures (core.images): bounds before decoding, and no admin that bypasses it."""

import struct
import zlib

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory

from hangviet.core.images import MAX_PIXELS, ImageUploadField
from tests.hostile_files import HOSTILE_IMAGES


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def header_only_png(width: int, height: int) -> SimpleUploadedFile:
    """A PNG that declares its size and holds almost no pixels: the bound must fire on the header."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return SimpleUploadedFile("anh.png", data + _chunk(b"IEND", b""), content_type="image/png")


def code_of(upload) -> str:
    with pytest.raises(ValidationError) as caught:
        ImageUploadField().clean(upload)
    return caught.value.code


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (7000, 6000),  # 42 Mpx: over our bound, under Pillow's own warning
        (9500, 9500),  # 90 Mpx: where Pillow only warns
        (20000, 20000),  # 400 Mpx: where Pillow refuses by itself
    ],
)
def test_the_pixel_bound_is_read_from_the_header(width, height):
    assert width * height > MAX_PIXELS
    assert code_of(header_only_png(width, height)) == "too_many_pixels"


@pytest.mark.parametrize("kind", sorted(HOSTILE_IMAGES))
def test_every_hostile_picture_is_a_field_error(kind):
    build, code = HOSTILE_IMAGES[kind]
    assert code_of(build("anh.png")) == code


def test_every_image_field_in_the_admin_takes_the_checked_path(db):
    """A picture uploaded in the admin (model admins and their inlines) goes through ImageUploadField."""
    request = RequestFactory().get("/admin/")
    admins = []
    for model, model_admin in admin.site._registry.items():
        admins.append(model_admin)
        admins += [inline(model, admin.site) for inline in model_admin.inlines]
    editable = []
    for model_admin in admins:
        model = model_admin.model
        skipped = {*model_admin.readonly_fields, *(model_admin.exclude or ())}
        for field in model._meta.get_fields():
            if isinstance(field, models.ImageField) and field.name not in skipped:
                editable.append(f"{model._meta.label}.{field.name}")
                formfield = model_admin.formfield_for_dbfield(field, request)
                assert isinstance(formfield, ImageUploadField), f"{model._meta.label}.{field.name}"
    assert {"sellers.Seller.logo", "promotion.NewsPost.image"} <= set(editable)

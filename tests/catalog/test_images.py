"""Product images: checked by content, re-encoded without EXIF, WebP thumbnail at most 400 px wide."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hangviet.catalog import services
from hangviet.catalog.models import ProductImage
from hangviet.core.errors import ValidationFailed
from hangviet.core.images import THUMB_WIDTH

pytestmark = pytest.mark.django_db


def upload(fmt="JPEG", size=(1200, 800), name=None, exif=None, mode="RGB"):
    buf = io.BytesIO()
    img = Image.new(mode, size, (30, 90, 150) if mode == "RGB" else None)
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(buf, format=fmt, **kwargs)
    return SimpleUploadedFile(name or f"anh.{fmt.lower()}", buf.getvalue())


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x8825] = {1: "N", 2: (10.0, 15.0, 0.0)}  # GPSInfo: the seller's farm
    if orientation:
        exif[0x0112] = orientation
    return exif


def code_of(exc_info) -> str:
    [error] = exc_info.value.errors
    assert error["field"] == "image"
    return error["code"]


@pytest.fixture
def owned(f):
    seller = f.seller()
    return seller.memberships.get().user, f.product(seller)


def test_a_jpeg_is_stored_with_its_size_and_a_webp_thumbnail_400_px_wide(owned):
    user, product = owned
    image = services.add_product_image(actor=user, product=product, uploaded_file=upload(size=(1200, 800)))
    image.refresh_from_db()
    assert (image.width, image.height) == (1200, 800)
    assert (image.thumb_width, image.thumb_height) == (THUMB_WIDTH, 267)
    with Image.open(image.thumbnail.path) as thumb:
        assert thumb.format == "WEBP"
        assert thumb.size == (400, 267)
    with Image.open(image.image.path) as stored:
        assert stored.format == "JPEG" and stored.size == (1200, 800)
    assert image.alt == product.name
    assert image.position == 1


def test_a_narrow_image_keeps_its_width_in_the_thumbnail(owned):
    user, product = owned
    image = services.add_product_image(actor=user, product=product, uploaded_file=upload("PNG", (300, 500)))
    assert (image.thumb_width, image.thumb_height) == (300, 500)
    assert image.image.name.endswith(".png")


def test_exif_is_stripped_and_orientation_applied(owned):
    user, product = owned
    raw = upload(size=(600, 300), exif=gps_exif(orientation=6))  # 6: rotate 90° to display
    with Image.open(io.BytesIO(raw.read())) as original:
        assert original.getexif()[0x010F] == "PhoneMaker"
    raw.seek(0)
    image = services.add_product_image(actor=user, product=product, uploaded_file=raw)
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert stored.size == (300, 600)
    assert (image.width, image.height) == (300, 600)
    with Image.open(image.thumbnail.path) as thumb:
        assert not thumb.getexif()


def test_webp_and_transparent_png_are_accepted(owned):
    user, product = owned
    webp = services.add_product_image(actor=user, product=product, uploaded_file=upload("WEBP", (500, 500)))
    assert webp.image.name.endswith(".webp")
    png = services.add_product_image(
        actor=user, product=product, uploaded_file=upload("PNG", (800, 400), mode="RGBA")
    )
    with Image.open(png.image.path) as stored:
        assert stored.mode == "RGBA"
    assert png.position == 2


def test_a_text_file_named_jpg_is_refused(owned):
    user, product = owned
    fake = SimpleUploadedFile("anh.jpg", b"GIF89a? no, just text pretending", content_type="image/jpeg")
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(actor=user, product=product, uploaded_file=fake)
    assert code_of(caught) == "not_an_image"
    assert not ProductImage.objects.exists()


def test_a_truncated_jpeg_is_refused(owned):
    user, product = owned
    data = upload(size=(400, 400)).read()
    broken = SimpleUploadedFile("anh.jpg", data[: len(data) // 2])
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(actor=user, product=product, uploaded_file=broken)
    assert code_of(caught) == "not_an_image"
    assert not ProductImage.objects.exists()


def test_other_formats_are_refused_whatever_their_name(owned):
    user, product = owned
    for fmt in ("GIF", "BMP", "TIFF"):
        with pytest.raises(ValidationFailed) as caught:
            services.add_product_image(actor=user, product=product, uploaded_file=upload(fmt, name="anh.jpg"))
        assert code_of(caught) == "bad_format"
    assert not ProductImage.objects.exists()


def test_an_oversize_file_is_refused(owned, settings):
    user, product = owned
    settings.HANGVIET_MAX_IMAGE_BYTES = 2000
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(actor=user, product=product, uploaded_file=upload("PNG", (600, 600)))
    assert code_of(caught) == "too_large"
    assert "tối đa" in caught.value.errors[0]["message"]


def test_pixel_limits(owned):
    user, product = owned
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(
            actor=user, product=product, uploaded_file=upload("PNG", (10_001, 60), mode="L")
        )
    assert code_of(caught) == "too_many_pixels"
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(actor=user, product=product, uploaded_file=upload("PNG", (40, 40)))
    assert code_of(caught) == "too_small"
    assert not ProductImage.objects.exists()


def test_only_members_add_or_remove_images(f, owned):
    user, product = owned
    stranger = f.user()
    with pytest.raises(PermissionDenied):
        services.add_product_image(actor=stranger, product=product, uploaded_file=upload())
    assert not ProductImage.objects.exists()
    image = services.add_product_image(actor=user, product=product, uploaded_file=upload())
    with pytest.raises(PermissionDenied):
        services.remove_product_image(actor=stranger, image=image)
    assert ProductImage.objects.filter(pk=image.pk).exists()


def test_a_product_has_at_most_ten_images(owned):
    user, product = owned
    for _ in range(services.MAX_IMAGES_PER_PRODUCT):
        services.add_product_image(actor=user, product=product, uploaded_file=upload(size=(100, 100)))
    with pytest.raises(ValidationFailed) as caught:
        services.add_product_image(actor=user, product=product, uploaded_file=upload(size=(100, 100)))
    assert code_of(caught) == "too_many_images"
    assert ProductImage.objects.filter(product=product).count() == services.MAX_IMAGES_PER_PRODUCT

"""The one checked path for every uploaded picture: product images, seller logos, news pictures.

An upload is trusted for nothing but its bytes: the name and the declared content type are ignored.
Pillow identifies the format from the content (JPEG, PNG or WebP only); the byte size
(settings.HANGVIET_MAX_IMAGE_BYTES) and the pixel count (MAX_PIXELS, MAX_SIDE: decompression bombs)
are bounded before anything is decoded; `verify()` checks the file's structure and `load()` then decodes
every pixel, so a file whose chunks are sound but whose pixels are not (a corrupt PNG IDAT, a truncated
JPEG) is refused here, never later in a page. The picture is re-encoded, which drops EXIF (camera, GPS
position) and anything appended to the file (a script, a zip).

- `ImageUploadField`: the form field (pages and admin); its error shows next to the field.
- `checked(upload, field=…)`: what a service calls on any file it is handed; an image the form field
  already checked passes through, anything else is checked and refused with ValidationFailed.
- `check_model_image(instance, field)`: the same, for a model instance a service is handed.
- `thumbnail(image)`: a WebP copy at most THUMB_WIDTH wide.
- `ADMIN_FORMFIELDS`: the admin's form field for every model ImageField.
"""

import io
import struct
import uuid
import warnings
import zlib
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hangviet.core.errors import ValidationFailed

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone photo, not a decompression bomb
MAX_SIDE = 10_000
MIN_SIDE = 50
THUMB_WIDTH = 400
ACCEPT = "image/jpeg,image/png,image/webp"

# What Pillow raises on a damaged file: its own errors are mostly OSError, but a malformed header can
# surface as any of these from the plugin that parses it.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
    zlib.error,
)


class CheckedImage(ContentFile):
    """The bytes of a picture that passed `check_image`: decoded in full, re-encoded without metadata."""

    def __init__(self, content: bytes, *, name: str, width: int, height: int, format: str) -> None:
        super().__init__(content, name=name)
        self.data = content
        self.width = width
        self.height = height
        self.format = format


def _not_an_image() -> ValidationError:
    return ValidationError(_("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."), code="not_an_image")


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Ảnh quá lớn: tối đa %(side)s điểm ảnh mỗi chiều và %(mp)s triệu điểm ảnh.")
        % {"side": MAX_SIDE, "mp": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _read_bounded(upload: Any) -> bytes:
    max_bytes = settings.HANGVIET_MAX_IMAGE_BYTES
    too_large = ValidationError(
        _("Ảnh quá lớn: tối đa %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}, code="too_large"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    return bytes(data)


def _probe(data: bytes) -> str:
    """The format read from the content, after the structure check and the pixel bounds."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; a warning here is a bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format or ""
                width, height = probe.size
                if fmt in FORMATS and (width * height > MAX_PIXELS or max(width, height) > MAX_SIDE):
                    raise _too_many_pixels()
                probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except _DECODE_ERRORS as exc:
        raise _not_an_image() from exc
    if fmt not in FORMATS:
        raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG hoặc WebP."), code="bad_format")
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("Ảnh quá nhỏ: cần ít nhất %(side)s điểm ảnh mỗi chiều.") % {"side": MIN_SIDE}, code="too_small"
        )
    return fmt


def _encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        img.save(out, format="JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        img.save(out, format="PNG", optimize=True)
    else:
        if img.mode not in ("RGB", "RGBA"):
            img = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
        img.save(out, format="WEBP", quality=85)
    return out.getvalue()


def check_image(upload: Any) -> CheckedImage:
    """Check an uploaded picture by its content and return it re-encoded, with a name nobody can guess.

    Raises ValidationError, code "too_large", "not_an_image", "bad_format", "too_many_pixels" or
    "too_small", with a translated message for the user.
    """
    if isinstance(upload, CheckedImage):
        return upload
    data = _read_bounded(upload)
    fmt = _probe(data)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()  # every pixel: a file verify() let through can still be broken inside
            # Apply the camera's orientation before the EXIF that carries it is dropped.
            img = ImageOps.exif_transpose(opened)
            clean = _encode(img, fmt)
            width, height = img.size
    except _DECODE_ERRORS as exc:
        raise _not_an_image() from exc
    return CheckedImage(
        clean, name=f"{uuid.uuid4().hex}.{FORMATS[fmt]}", width=width, height=height, format=fmt
    )


def checked(upload: File, *, field: str) -> CheckedImage:
    """For a service handed a file: the checked picture, or ValidationFailed naming `field`."""
    try:
        return check_image(upload)
    except ValidationError as exc:
        raise ValidationFailed(
            [{"field": field, "code": exc.code or "invalid", "message": message} for message in exc.messages]
        ) from exc


def check_model_image(instance: models.Model, field: str) -> None:
    """Check, in place, a new upload assigned to `instance.<field>` (an image already stored is left)."""
    value = getattr(instance, field)
    # A FieldFile holding a file that is not stored yet is "uncommitted" (Django's own flag).
    if isinstance(value, FieldFile) and value and not getattr(value, "_committed", True):
        setattr(instance, field, checked(value.file, field=field))


def thumbnail(image: CheckedImage, width: int = THUMB_WIDTH) -> CheckedImage:
    """A WebP copy of a checked picture, at most `width` pixels wide (a narrower picture keeps its size)."""
    with Image.open(io.BytesIO(image.data)) as opened:
        img = opened.copy()
    if img.width > width:
        img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
    stem = (image.name or uuid.uuid4().hex).rsplit(".", 1)[0]
    return CheckedImage(
        _encode(img, "WEBP"), name=f"{stem}-thumb.webp", width=img.width, height=img.height, format="WEBP"
    )


class ImageUploadField(forms.FileField):
    """A form field for a picture: the upload goes through `check_image`, its error shows on the field,
    and the cleaned value is the CheckedImage (the stored file, or False to clear, when none is sent)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_image(upload)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(ImageUploadField):
    """Several pictures chosen at once (<input type=file multiple>): each goes through `check_image`; the
    cleaned value is the list of CheckedImage (empty when none is sent and the field is optional)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not uploads:
            super().clean(None, initial)  # "required" when it is
            return []
        return [super(MultipleImageField, self).clean(upload, initial) for upload in uploads]


# For a ModelAdmin: `formfield_overrides = images.ADMIN_FORMFIELDS`, so a picture uploaded in the admin
# takes the same path (tests/core/test_images.py fails for an admin that forgets).
ADMIN_FORMFIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.ImageField: {"form_class": ImageUploadField}
}

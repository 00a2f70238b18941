"""Product images checked by content, re-encoded without metadata, with a WebP thumbnail.

An upload is trusted for nothing but its bytes: the name and the declared content type are ignored.
Pillow identifies the format from the content, `verify()` checks the file's structure, the pixel
count is bounded before any decoding (decompression bombs), and the picture is re-encoded so that
EXIF (camera, GPS position) and any other payload are dropped.
"""

import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hangviet.core.errors import ValidationFailed

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone photo, not a decompression bomb
MAX_SIDE = 10_000
MIN_SIDE = 50
THUMB_WIDTH = 400


@dataclass
class ProcessedImage:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    format: str


def _fail(code: str, message: str) -> ValidationFailed:
    return ValidationFailed([{"field": "image", "code": code, "message": message}])


def _probe(data: bytes) -> tuple[str, int, int]:
    """The format and size read from the content; raises ValidationFailed for anything else."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _fail("not_an_image", _("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.")) from exc
    if fmt not in FORMATS:
        raise _fail("bad_format", _("Chỉ nhận ảnh JPEG, PNG hoặc WebP."))
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _fail(
            "too_many_pixels",
            _("Ảnh quá lớn: tối đa %(side)s điểm ảnh mỗi chiều và %(mp)s triệu điểm ảnh.")
            % {"side": MAX_SIDE, "mp": MAX_PIXELS // 1_000_000},
        )
    if min(width, height) < MIN_SIDE:
        raise _fail(
            "too_small", _("Ảnh quá nhỏ: cần ít nhất %(side)s điểm ảnh mỗi chiều.") % {"side": MIN_SIDE}
        )
    return fmt, width, height


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


def process_image(uploaded_file: Any) -> ProcessedImage:
    """Validate an upload and return the clean image and its thumbnail, ready to store.

    Raises ValidationFailed (field "image") when the file is too big, not a JPEG/PNG/WebP by content,
    broken, or outside the pixel limits.
    """
    max_bytes = settings.HANGVIET_MAX_IMAGE_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise _fail("too_large", _("Ảnh quá lớn: tối đa %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _fail("too_large", _("Ảnh quá lớn: tối đa %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    fmt, _w, _h = _probe(data)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # Apply the camera's orientation before the EXIF that carries it is dropped.
            img = ImageOps.exif_transpose(opened)
            clean = _encode(img, fmt)
            width, height = img.size
            thumb = img.copy()
            if thumb.width > THUMB_WIDTH:
                thumb_height = max(1, round(thumb.height * THUMB_WIDTH / thumb.width))
                thumb = thumb.resize((THUMB_WIDTH, thumb_height), Image.Resampling.LANCZOS)
            thumb_bytes = _encode(thumb, "WEBP")
    except (OSError, ValueError, SyntaxError) as exc:  # truncated data that verify() let through
        raise _fail("not_an_image", _("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.")) from exc
    stem = uuid.uuid4().hex
    return ProcessedImage(
        image=ContentFile(clean, name=f"{stem}.{FORMATS[fmt]}"),
        thumbnail=ContentFile(thumb_bytes, name=f"{stem}-thumb.webp"),
        width=width,
        height=height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        format=fmt,
    )

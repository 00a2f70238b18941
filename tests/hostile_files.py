"""Hostile uploads, built in the test and kept small in bytes: broken images and amplifying spreadsheets."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def png_bytes(size=(120, 80), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def corrupt_idat_png(name="logo.png") -> SimpleUploadedFile:
    """A real PNG whose compressed pixels are damaged, every chunk CRC recomputed: `verify()` passes,
    decoding fails."""
    chunks = _png_chunks(png_bytes())
    out = [b"\x89PNG\r\n\x1a\n"]
    for kind, body in chunks:
        if kind == b"IDAT":
            body = body[:2] + bytes(b ^ 0xFF for b in body[2:])  # keep the zlib header, break the stream
        out.append(_png_chunk(kind, body))
    return SimpleUploadedFile(name, b"".join(out), content_type="image/png")


def truncated_jpeg(name="anh.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 40)).save(buf, format="JPEG")
    data = buf.getvalue()
    return SimpleUploadedFile(name, data[: len(data) // 2], content_type="image/jpeg")


def html_named_png(name="logo.png") -> SimpleUploadedFile:
    """A script page pretending to be a picture by its name and declared type."""
    return SimpleUploadedFile(name, b"<html><script>alert(document.cookie)</script></html>", "image/png")


def png_with_html_payload(name="anh.png") -> tuple[SimpleUploadedFile, bytes]:
    """A polyglot: a valid PNG followed by a script. Returns the upload and the payload."""
    payload = b"<script>alert(document.cookie)</script>"
    return SimpleUploadedFile(name, png_bytes() + payload, content_type="image/png"), payload


def decompression_bomb_png(name="bom.png", side=8000) -> SimpleUploadedFile:
    """A real grey PNG of side × side pixels (64 megapixels: 64 MB once decoded) in about 60 KB."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale, no interlace
    compressor = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0, then black pixels
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, data, content_type="image/png")


# Every hostile image and the error code the one checked path gives it.
HOSTILE_IMAGES = {
    "corrupt_idat_png": (corrupt_idat_png, "not_an_image"),
    "truncated_jpeg": (truncated_jpeg, "not_an_image"),
    "html_named_png": (html_named_png, "not_an_image"),
    "decompression_bomb_png": (decompression_bomb_png, "too_many_pixels"),
}

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


# --- Spreadsheets ----------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row_xml(titles) -> str:
    from openpyxl.utils import get_column_letter

    cells = "".join(_text_cell(f"{get_column_letter(i)}1", t) for i, t in enumerate(titles, start=1))
    return f'<row r="1">{cells}</row>'


def xlsx_from_rows_xml(rows_xml, *, dimension: str = "A1:K1", extra_members: int = 0) -> bytes:
    """An XLSX written by hand (as an attacker would): `rows_xml` are the <row> elements of sheet 1."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for row in rows_xml:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
        for n in range(extra_members):
            archive.writestr(f"xl/media/extra{n}.xml", "<x/>")
    return buffer.getvalue()


def xlsx_cell_at_xfd(header, rows=10_000) -> bytes:
    """A valid header, then one cell at column XFD (the 16,384th) on each of `rows` rows: ~54 KB."""
    body = (f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, rows + 2))
    return xlsx_from_rows_xml([header_row_xml(header), *body], dimension=f"A1:XFD{rows + 1}")


def xlsx_blank_rows(header, rows=20_000, *, to_xfd=True) -> bytes:
    """A valid header, `rows` blank rows (each with an empty cell at column XFD when `to_xfd`, so a reader
    that trusts the row's width pads it to 16,384 cells), then one product row far below."""
    if to_xfd:
        body = (
            f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t></t></is></c></row>' for n in range(2, rows + 2)
        )
    else:
        body = (f'<row r="{n}"/>' for n in range(2, rows + 2))
    last = rows + 2
    values = ["X-1", "Hàng", "I.2.2", "hũ", "1000"]
    product = "".join(_text_cell(f"{col}{last}", v) for col, v in zip("ABCDF", values, strict=True))
    return xlsx_from_rows_xml([header_row_xml(header), *body, f'<row r="{last}">{product}</row>'])


# Text that a spreadsheet program would run as a formula (OWASP "CSV injection").
FORMULA_NAMES = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)"]


def assert_no_formula(content: bytes, expected_texts=FORMULA_NAMES) -> None:
    """Every cell of every sheet is a value, never a formula; each formula-like text is there as text,
    marked with Excel's quote prefix so it stays text when edited."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    found = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if cell.value in expected_texts:
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                    found.add(cell.value)
    assert found == set(expected_texts)

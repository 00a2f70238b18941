"""Reading a product file within its bounds: the columns of the format, the header, the non-blank rows."""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product
from hangviet.core import spreadsheets
from hangviet.core.errors import ValidationFailed, invalid
from hangviet.core.limits import max_length
from hangviet.core.money import group_thousands
from hangviet.core.spreadsheets import ReadBounds, ReadCounters, SpreadsheetRejected
from hangviet.core.text import fold
from hangviet.sellers.models import Seller

# Bounds of one file (see the package docstring). A real product file of 10,000 rows reads in seconds; a
# crafted one (a cell at column XFD on every row, a million blank rows) stops at a bound instead of
# filling the worker's memory: bench/import_amplification.py, docs/performance.md.
MAX_ROWS = 10_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: what it may unpack to (a "zip bomb" is refused)
MAX_COLUMNS = 30  # the format has 11; columns further right are never read
MAX_SHEET_ROWS = 30_000  # rows scanned, blank ones included
MAX_BLANK_RUN = 1000  # this many blank rows in a row end the data
MAX_LINE_CHARS = 100_000  # CSV: one line
MAX_SECONDS = 60  # reading and validating; writing is one transaction and is not cut short
# A shop an officer has not verified yet can try the import, not load the worker: any new account can
# open a shop.
PENDING_MAX_ROWS = 200


@dataclass(frozen=True)
class Column:
    key: str  # the Product field it fills
    title: str  # the Vietnamese title written in files (never translated: it is the file format)
    aliases: tuple[str, ...]  # other accepted titles, English first
    required: bool
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("sku", "SKU", ("Mã SKU",), True, max_length(Product, "sku")),
    Column("name", "Tên sản phẩm", ("Name", "Product name", "Tên"), True, max_length(Product, "name")),
    Column("category", "Mã danh mục", ("Category code", "Category", "Danh mục"), True),
    Column("unit", "Đơn vị", ("Unit", "Đơn vị bán"), True),
    Column(
        "net_quantity",
        "Quy cách",
        ("Net quantity", "Khối lượng tịnh"),
        False,
        max_length(Product, "net_quantity"),
    ),
    Column("price_vnd", "Giá (VND)", ("Price (VND)", "Price", "Giá", "Giá (đồng)"), True),
    Column("stock", "Tồn kho", ("Stock",), False),
    Column("gtin", "GTIN", ("Mã vạch", "Barcode"), False),
    Column("origin_commune", "Mã xã xuất xứ", ("Origin commune code", "Origin commune", "Mã xã"), False),
    Column("status", "Trạng thái", ("Status",), False),
    Column("description", "Mô tả", ("Description",), False),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
HEADER = [c.title for c in COLUMNS]

# Status as written in files: fixed Vietnamese words (the file format does not follow the UI language).
STATUS_TITLES = {
    Product.Status.DRAFT: "Nháp",
    Product.Status.ACTIVE: "Đang bán",
    Product.Status.ARCHIVED: "Lưu trữ",
}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class ImportRejected(Exception):
    """The file as a whole cannot be imported; `errors` are row errors ({"row","column","code","message"})."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["message"] if errors else "")
        self.errors = errors


def row_error(row: int | None, column: str | None, code: str, message: str) -> dict[str, Any]:
    """One problem of a file: its row as the spreadsheet shows it, its column title, a code, a message."""
    return {"row": row, "column": column, "code": code, "message": message}


def match_key(title: str) -> str:
    """A column title or a word of the format as matched: folded, spaces collapsed, a trailing "*" dropped."""
    return _SPACES.sub(" ", fold(title)).strip().rstrip("*").strip()


_COLUMN_BY_HEADER = {match_key(t): c for c in COLUMNS for t in (c.title, c.key, *c.aliases)}


def cell_text(value: Any) -> str:
    """A cell as text: numbers Excel typed (29242, 8934567890123.0) are written back as digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def row_limit(seller: Seller) -> int:
    """The most product rows one file of this shop may hold."""
    return MAX_ROWS if seller.status == Seller.Status.VERIFIED else PENDING_MAX_ROWS


def read_bounds(max_rows: int | None = None) -> ReadBounds:
    return ReadBounds(
        max_rows=MAX_ROWS if max_rows is None else max_rows,
        max_columns=MAX_COLUMNS,
        max_sheet_rows=MAX_SHEET_ROWS,
        max_blank_run=MAX_BLANK_RUN,
        max_bytes=MAX_UPLOAD_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        max_line_chars=MAX_LINE_CHARS,
        max_seconds=MAX_SECONDS,
    )


def check_deadline(counters: ReadCounters, bounds: ReadBounds, row: int) -> None:
    """Raise ImportRejected once reading and validating have taken longer than bounds.max_seconds."""
    try:
        spreadsheets.deadline_passed(counters, bounds, row)
    except SpreadsheetRejected as exc:
        raise _rejected(exc, bounds) from exc


def _rejected(exc: SpreadsheetRejected, bounds: ReadBounds) -> ImportRejected:
    message = exc.message
    if exc.code == "too_many_rows":
        if bounds.max_rows < MAX_ROWS:
            message = _(
                "Cửa hàng chưa được xác minh chỉ nhập được tối đa %(max)s dòng sản phẩm mỗi tệp; "
                "sau khi Sở Công Thương xác minh, mỗi tệp được tới %(full)s dòng."
            ) % {"max": group_thousands(bounds.max_rows), "full": group_thousands(MAX_ROWS)}
        else:
            message = _("Tệp có hơn %(max)s dòng sản phẩm; hãy chia thành nhiều tệp nhỏ hơn.") % {
                "max": group_thousands(bounds.max_rows)
            }
    return ImportRejected([row_error(exc.row, None, exc.code, message)])


@dataclass
class SheetRows:
    columns: dict[str, int]  # Column.key → index in the row
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number as the spreadsheet shows it, cells)
    bounds: ReadBounds
    counters: ReadCounters


def read_sheet(
    file: IO[bytes], kind: str, *, bounds: ReadBounds | None = None, counters: ReadCounters | None = None
) -> SheetRows:
    """Read the header and the non-blank rows within `bounds`; raises ImportRejected for file-level errors
    (a bound passed included). `counters` says how much was read."""
    bounds = bounds or read_bounds()
    counters = counters if counters is not None else ReadCounters()
    try:
        return _read_sheet(file, kind, bounds, counters)
    except SpreadsheetRejected as exc:
        raise _rejected(exc, bounds) from exc


def _read_sheet(file: IO[bytes], kind: str, bounds: ReadBounds, counters: ReadCounters) -> SheetRows:
    iterator = spreadsheets.read_rows(file, kind, bounds, counters)
    first = next(iterator, None)
    header = first[1] if first else None
    if header is None or not any(cell_text(v) for v in header):
        raise ImportRejected([row_error(None, None, "empty_file", _("Tệp trống: không có dòng tiêu đề."))])
    columns: dict[str, int] = {}
    errors = []
    for index, value in enumerate(header):
        column = _COLUMN_BY_HEADER.get(match_key(cell_text(value)))
        if column is None:
            continue
        if column.key in columns:
            errors.append(
                row_error(
                    1,
                    column.title,
                    "duplicate_column",
                    _("Cột «%(column)s» có hai lần trong dòng tiêu đề.") % {"column": column.title},
                )
            )
        columns[column.key] = index
    for column in COLUMNS:
        if column.key not in columns:
            errors.append(
                row_error(
                    1,
                    column.title,
                    "missing_column",
                    _("Thiếu cột «%(column)s» trong dòng tiêu đề (dòng 1).") % {"column": column.title},
                )
            )
    if errors:
        raise ImportRejected(errors)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in iterator:
        if any(cell_text(v) for v in cells):  # a cell of spaces is blank here too
            rows.append((number, cells))
    if not rows and counters.stopped_at:
        raise ImportRejected(
            [
                row_error(
                    None,
                    None,
                    "empty_file",
                    _(
                        "Tệp không có dòng sản phẩm nào trong %(columns)s cột đầu (A–%(last)s); "
                        "việc đọc dừng sau %(blank)s dòng trống liên tiếp."
                    )
                    % {
                        "columns": bounds.max_columns,
                        "last": spreadsheets.column_letter(bounds.max_columns),
                        "blank": group_thousands(bounds.max_blank_run),
                    },
                )
            ]
        )
    if not rows:
        raise ImportRejected(
            [row_error(None, None, "empty_file", _("Tệp không có dòng sản phẩm nào (chỉ có dòng tiêu đề)."))]
        )
    return SheetRows(columns=columns, rows=rows, bounds=bounds, counters=counters)


def check_upload(uploaded_file: UploadedFile) -> str:
    """The kind of an uploaded file ("xlsx" or "csv"), checked by extension, size and content.

    Raises ValidationFailed (field "file") for anything else: a renamed file, a legacy .xls, a CSV that
    is not UTF-8, a file over 10 MB.
    """

    def reject(code: str, message: str) -> ValidationFailed:
        return invalid("file", code, message)

    name = (uploaded_file.name or "").lower()
    kind = name.rsplit(".", 1)[-1] if "." in name else ""
    if kind not in ("xlsx", "csv"):
        raise reject("unsupported_type", _("Chỉ nhận tệp Excel .xlsx hoặc .csv."))
    if not uploaded_file.size:
        raise reject("empty_upload", _("Tệp tải lên trống."))
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise reject(
            "file_too_large",
            _("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    uploaded_file.seek(0)
    try:
        if kind == "xlsx":
            try:
                spreadsheets.check_xlsx_archive(uploaded_file, read_bounds())  # type: ignore[arg-type]
            except SpreadsheetRejected as exc:
                raise reject(exc.code, exc.message) from exc
        else:
            data = uploaded_file.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise reject(
                    "not_utf8",
                    _("Tệp CSV phải lưu với bảng mã UTF-8 (trong Excel: «CSV UTF-8 (Comma delimited)»)."),
                ) from exc
            if "\x00" in text:
                raise reject("not_csv", _("Tệp không phải tệp văn bản CSV."))
    finally:
        uploaded_file.seek(0)
    return kind

"""A seller's products in and out of spreadsheets: import from XLSX/CSV, export and template to XLSX.

The file format (one format for import, export and the template):
- XLSX (the first sheet is read) or CSV (UTF-8 with or without BOM, comma or semicolon, detected from the
  header line). Row 1 is the header; each later row is one product; blank rows are skipped. At most
  MAX_ROWS product rows (PENDING_MAX_ROWS for a shop not verified yet).
- Read within bounds (core.spreadsheets.read_rows; the operator guide lists them): at most
  MAX_UPLOAD_BYTES, MAX_UNPACKED_BYTES once unzipped, the first MAX_COLUMNS columns, MAX_SHEET_ROWS rows
  scanned; MAX_BLANK_RUN blank rows in a row end the data; reading and validating stop after
  MAX_SECONDS. A file over a bound is refused whole with a message naming the bound.
- A shop may start IMPORTS_PER_DAY imports in 24 hours (PENDING_IMPORTS_PER_DAY before it is verified).
- The header must hold every column of COLUMNS, in any order, by its Vietnamese title or an English alias
  (matched without case, tone marks or extra spaces; a trailing "*" is ignored). Other columns are ignored.
- Required values: SKU, Tên sản phẩm, Mã danh mục, Đơn vị, Giá (VND).
- Giá (VND): a whole number of đồng > 0 and ≤ core.limits.PRICE_MAX_VND. "120000", "120.000",
  "120,000" and "120 000" are read as 120000 (one kind of thousands separator per number, groups of
  three digits), with an optional "₫", "đ", "VND", "VNĐ" or "đồng" after it. "120.5" or "1.200,50" are
  rejected (not whole đồng).
- Tồn kho: a whole number ≥ 0 and ≤ core.limits.STOCK_MAX, with the same thousands separators.
- Mã danh mục: a category code ("I.2.2") or its slug. Đơn vị: one of catalog.models.Unit. GTIN: 8, 12,
  13 or 14 digits with a valid check digit (stored as 14). Mã xã xuất xứ: a 5-digit commune code (a
  number that lost its leading zeros in Excel is padded back). Trạng thái: "Nháp"/"Đang bán"/"Lưu trữ"
  or draft/active/archived.
- A row whose SKU the seller already has updates that product; a new SKU creates one. An empty optional
  cell clears that field, except Tồn kho and Trạng thái, which an empty cell leaves unchanged (a new
  product starts with 0 in stock, as a draft).
- Every row is validated first and every error reported (row number as the spreadsheet shows it,
  column title, reason); nothing is written unless every row is valid, and then all rows are written
  in one transaction, in batches, with the rules of catalog.services (see _write).
"""

import datetime
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Category, ImportJob, Product, Unit
from hangviet.catalog.services import sanitize_description, search_text_for
from hangviet.catalog.stock import record_initial_stock, set_counted_stock
from hangviet.catalog.versions import catalog_changed
from hangviet.core import limits, spreadsheets
from hangviet.core.errors import ValidationFailed
from hangviet.core.models import Commune
from hangviet.core.money import format_vnd, group_thousands
from hangviet.core.spreadsheets import ReadBounds, ReadCounters, SpreadsheetRejected
from hangviet.core.text import fold, slugify_vi
from hangviet.core.validators import normalize_gtin
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage

logger = logging.getLogger(__name__)

# Bounds of one file (see the module docstring). A real product file of 10,000 rows reads in seconds; a
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
# open a shop. A verified shop's daily count bounds one seller's share of the imports queue.
PENDING_MAX_ROWS = 200
PENDING_IMPORTS_PER_DAY = 5
IMPORTS_PER_DAY = 50
IMPORT_WINDOW = datetime.timedelta(hours=24)
# A file with thousands of bad rows lists this many errors, then one line saying how many more there are.
MAX_LISTED_ERRORS = 1000
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class Column:
    key: str  # the Product field it fills
    title: str  # the Vietnamese title written in files (never translated: it is the file format)
    aliases: tuple[str, ...]  # other accepted titles, English first
    required: bool
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("sku", "SKU", ("Mã SKU",), True, 50),
    Column("name", "Tên sản phẩm", ("Name", "Product name", "Tên"), True, 200),
    Column("category", "Mã danh mục", ("Category code", "Category", "Danh mục"), True),
    Column("unit", "Đơn vị", ("Unit", "Đơn vị bán"), True),
    Column("net_quantity", "Quy cách", ("Net quantity", "Khối lượng tịnh"), False, 40),
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
_STATUS_BY_WORD = {fold(w): s for s, title in STATUS_TITLES.items() for w in (s.value, title)}
_UNIT_BY_WORD = {u.value.casefold(): u.value for u in Unit}

_CURRENCY_SUFFIX = re.compile(r"(?:₫|đồng|vnđ|vnd|đ)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


class ImportRejected(Exception):
    """The file as a whole cannot be imported; `errors` are row errors ({"row","column","code","message"})."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0]["message"] if errors else "")
        self.errors = errors


def _error(row: int | None, column: str | None, code: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "code": code, "message": message}


# ---------------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------------


def _header_key(title: str) -> str:
    return _SPACES.sub(" ", fold(title)).strip().rstrip("*").strip()


_COLUMN_BY_HEADER = {_header_key(t): c for c in COLUMNS for t in (c.title, c.key, *c.aliases)}


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


def parse_whole_number(value: Any, *, currency: bool = False) -> int | None:
    """A whole number from a cell: 120000, "120.000", "120,000", "120 000" (and "120.000 ₫" if
    `currency`); None when it is not one (a fraction, text, mixed separators)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value)
    if currency:
        text = _CURRENCY_SUFFIX.sub("", text.strip())
    text = _SPACES.sub("", text)
    sign = 1
    if text[:1] in "-−" and text[1:]:
        sign, text = -1, text[1:]
    if text.isdigit() and text.isascii():
        return sign * int(text)
    if _GROUPED.fullmatch(text):
        return sign * int(re.sub(r"[.,]", "", text))
    return None


def row_limit(seller: Seller) -> int:
    """The most product rows one file of this shop may hold."""
    return MAX_ROWS if seller.status == Seller.Status.VERIFIED else PENDING_MAX_ROWS


def daily_limit(seller: Seller) -> int:
    """The most imports this shop may start in 24 hours."""
    return IMPORTS_PER_DAY if seller.status == Seller.Status.VERIFIED else PENDING_IMPORTS_PER_DAY


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
    return ImportRejected([_error(exc.row, None, exc.code, message)])


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
        raise ImportRejected([_error(None, None, "empty_file", _("Tệp trống: không có dòng tiêu đề."))])
    columns: dict[str, int] = {}
    errors = []
    for index, value in enumerate(header):
        column = _COLUMN_BY_HEADER.get(_header_key(cell_text(value)))
        if column is None:
            continue
        if column.key in columns:
            errors.append(
                _error(
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
                _error(
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
                _error(
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
            [_error(None, None, "empty_file", _("Tệp không có dòng sản phẩm nào (chỉ có dòng tiêu đề)."))]
        )
    return SheetRows(columns=columns, rows=rows, bounds=bounds, counters=counters)


# ---------------------------------------------------------------------------------------------------
# Validating rows
# ---------------------------------------------------------------------------------------------------


@dataclass
class ProductRow:
    """One valid row, with its values converted to what Product stores."""

    row: int
    sku: str
    name: str
    category: Category
    unit: str
    net_quantity: str
    price_vnd: int
    stock: int | None  # None: leave unchanged (0 for a new product)
    gtin: str
    origin_commune: Commune | None
    status: str | None  # None: leave unchanged (draft for a new product)
    description: str

    def fields(self) -> dict[str, Any]:
        """The editable fields an import sets (catalog.services.EDITABLE_FIELDS, without stock)."""
        data = {
            "name": self.name,
            "category": self.category,
            "unit": self.unit,
            "net_quantity": self.net_quantity,
            "price_vnd": self.price_vnd,
            "gtin": self.gtin,
            "origin_commune": self.origin_commune,
            "description": self.description,
        }
        if self.status is not None:
            data["status"] = self.status
        return data


class RowValidator:
    """Checks rows against the catalog's rules; lookups are loaded once for the whole file."""

    def __init__(self, sheet: SheetRows) -> None:
        self.sheet = sheet
        self.categories: dict[str, Category] = {}
        for category in Category.objects.all():
            self.categories[category.code.upper()] = category
            self.categories[category.slug.lower()] = category
        codes = {self._commune_code(self.value(cells, "origin_commune")) for _n, cells in sheet.rows}
        codes.discard("")
        self.communes = Commune.objects.in_bulk(sorted(codes)) if codes else {}
        self.first_row_of_sku: dict[str, int] = {}

    def value(self, cells: tuple[Any, ...], key: str) -> Any:
        index = self.sheet.columns[key]
        return cells[index] if index < len(cells) else None

    @staticmethod
    def _commune_code(value: Any) -> str:
        code = cell_text(value)
        return code.zfill(5) if code.isdigit() and len(code) < 5 else code

    def validate(self, number: int, cells: tuple[Any, ...]) -> tuple[ProductRow | None, list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []

        def fail(key: str, code: str, message: str) -> None:
            errors.append(_error(number, COLUMN_BY_KEY[key].title, code, message))

        text = {c.key: cell_text(self.value(cells, c.key)) for c in COLUMNS}
        for column in COLUMNS:
            value = text[column.key]
            if column.required and not value:
                fail(column.key, "required", _("Thiếu giá trị bắt buộc."))
            elif column.max_length and len(value) > column.max_length:
                fail(
                    column.key,
                    "too_long",
                    _("Dài %(length)s ký tự, tối đa %(max)s.")
                    % {"length": len(value), "max": column.max_length},
                )

        sku = text["sku"]
        if sku and len(sku) <= 50:
            first = self.first_row_of_sku.setdefault(sku, number)
            if first != number:
                fail(
                    "sku",
                    "duplicate_sku",
                    _("Mã SKU «%(sku)s» đã có ở dòng %(row)s của tệp.") % {"sku": sku, "row": first},
                )

        category = None
        if text["category"]:
            category = self.categories.get(text["category"].upper()) or self.categories.get(
                text["category"].lower()
            )
            if category is None:
                fail(
                    "category",
                    "unknown_category",
                    _("Không có danh mục mã «%(value)s»; xem các mã ở trang «Danh sách» của tệp mẫu.")
                    % {"value": text["category"]},
                )

        unit = _UNIT_BY_WORD.get(text["unit"].casefold()) if text["unit"] else None
        if text["unit"] and unit is None:
            fail(
                "unit",
                "unknown_unit",
                _("Đơn vị «%(value)s» không có trong danh sách: %(choices)s.")
                % {"value": text["unit"], "choices": ", ".join(u.value for u in Unit)},
            )

        price = None
        if text["price_vnd"]:
            price = parse_whole_number(self.value(cells, "price_vnd"), currency=True)
            if price is None:
                fail(
                    "price_vnd",
                    "invalid_price",
                    _("Giá «%(value)s» không phải số nguyên đồng (ví dụ: 120000, 120.000 hoặc 120.000 ₫).")
                    % {"value": text["price_vnd"]},
                )
            elif price <= 0:
                fail("price_vnd", "price_not_positive", _("Giá phải lớn hơn 0."))
            elif price > limits.PRICE_MAX_VND:
                fail(
                    "price_vnd",
                    "price_too_large",
                    _("Giá quá lớn: tối đa %(max)s.") % {"max": format_vnd(limits.PRICE_MAX_VND)},
                )

        stock = None
        if text["stock"]:
            stock = parse_whole_number(self.value(cells, "stock"))
            if stock is None:
                fail(
                    "stock",
                    "invalid_stock",
                    _("Tồn kho «%(value)s» không phải số nguyên.") % {"value": text["stock"]},
                )
            elif stock < 0:
                fail("stock", "negative_stock", _("Tồn kho không được âm."))
            elif stock > limits.STOCK_MAX:
                fail(
                    "stock",
                    "stock_too_large",
                    _("Tồn kho quá lớn: tối đa %(max)s.") % {"max": group_thousands(limits.STOCK_MAX)},
                )

        gtin = ""
        if text["gtin"]:
            try:
                gtin = normalize_gtin(text["gtin"])
            except ValidationError as exc:
                fail("gtin", "invalid_gtin", exc.messages[0])

        commune = None
        if text["origin_commune"]:
            commune = self.communes.get(self._commune_code(text["origin_commune"]))
            if commune is None:
                fail(
                    "origin_commune",
                    "unknown_commune",
                    _("Không có xã/phường mã «%(value)s» (mã xã gồm 5 chữ số).")
                    % {"value": text["origin_commune"]},
                )

        status = None
        if text["status"]:
            status = _STATUS_BY_WORD.get(_header_key(text["status"]))
            if status is None:
                fail(
                    "status",
                    "unknown_status",
                    _("Trạng thái «%(value)s» không hợp lệ; dùng một trong: %(choices)s.")
                    % {"value": text["status"], "choices": ", ".join(STATUS_TITLES.values())},
                )

        if errors:
            return None, errors
        assert category is not None and unit is not None and price is not None  # required, checked above
        return (
            ProductRow(
                row=number,
                sku=sku,
                name=text["name"],
                category=category,
                unit=unit,
                net_quantity=text["net_quantity"],
                price_vnd=price,
                stock=stock,
                gtin=gtin,
                origin_commune=commune,
                status=status,
                description=text["description"],
            ),
            [],
        )


def _listed(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_LISTED_ERRORS errors, and a last line saying how many more there are."""
    if len(errors) <= MAX_LISTED_ERRORS:
        return errors
    more = len(errors) - MAX_LISTED_ERRORS
    return [
        *errors[:MAX_LISTED_ERRORS],
        _error(
            None,
            None,
            "more_errors",
            _("Còn %(count)s lỗi khác không liệt kê ở đây; hãy sửa các lỗi trên rồi tải tệp lên lại.")
            % {"count": more},
        ),
    ]


# ---------------------------------------------------------------------------------------------------
# Uploading and running an import
# ---------------------------------------------------------------------------------------------------


def check_upload(uploaded_file: UploadedFile) -> str:
    """The kind of an uploaded file ("xlsx" or "csv"), checked by extension, size and content.

    Raises ValidationFailed (field "file") for anything else: a renamed file, a legacy .xls, a CSV that
    is not UTF-8, a file over 10 MB.
    """

    def reject(code: str, message: str) -> ValidationFailed:
        return ValidationFailed([{"field": "file", "code": code, "message": message}])

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


@transaction.atomic
def start_import(*, actor: User, seller: Seller, uploaded_file: UploadedFile) -> ImportJob:
    """A seller member uploads a product file; it is checked, stored, and imported by the worker (on the
    "imports" queue, so a long import never delays an order email). A shop starts at most
    `daily_limit(seller)` imports in 24 hours."""
    ensure_can_manage(actor, seller)
    kind = check_upload(uploaded_file)
    # The shop's row lock makes the count and the new job one step: two uploads at once cannot both
    # take the last place of the day.
    locked = Seller.objects.select_for_update().get(pk=seller.pk)
    allowed = daily_limit(locked)
    if (
        ImportJob.objects.filter(seller=locked, created_at__gte=timezone.now() - IMPORT_WINDOW).count()
        >= allowed
    ):
        if locked.status == Seller.Status.VERIFIED:
            message = _("Cửa hàng đã nhập %(n)s tệp trong 24 giờ qua, mức tối đa; hãy thử lại sau.") % {
                "n": allowed
            }
        else:
            message = _(
                "Cửa hàng chưa được xác minh chỉ nhập được %(n)s tệp trong 24 giờ; hãy thử lại sau "
                "hoặc chờ Sở Công Thương xác minh."
            ) % {"n": allowed}
        raise ValidationFailed([{"field": "file", "code": "too_many_imports", "message": message}])
    original_name = (uploaded_file.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    content_type = spreadsheets.XLSX_CONTENT_TYPE if kind == "xlsx" else spreadsheets.CSV_CONTENT_TYPE
    job = ImportJob(seller=seller, actor=actor, original_name=original_name, content_type=content_type)
    job.file.save(original_name, uploaded_file, save=False)
    job.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    from hangviet.catalog.tasks import import_products

    import_products.enqueue(job.pk, language=language)  # in the transaction: an accepted job is always run
    return job


def _file_kind(job: ImportJob) -> str:
    return "xlsx" if (job.file.name or "").lower().endswith(".xlsx") else "csv"


def _finish(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)


def run_import(job_id: int, *, language: str | None = None) -> None:
    """Validate every row of a pending job, then import all rows in one transaction, or none.

    Called by the worker (catalog.tasks.import_products). Keeps ImportJob.processed_rows up to date while
    validating, so the progress page can show how far it got. Running a job twice does nothing.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
            status=ImportJob.Status.RUNNING
        ):
            return
        job = ImportJob.objects.select_related("seller", "actor").get(pk=job_id)
        try:
            created, updated = _run(job)
        except ImportRejected as exc:
            _finish(job_id, status=ImportJob.Status.FAILED, errors=_listed(exc.errors))
        except Exception:
            logger.exception("product import %s crashed", job_id)
            _finish(
                job_id,
                status=ImportJob.Status.FAILED,
                errors=[
                    _error(
                        None,
                        None,
                        "internal_error",
                        _("Lỗi hệ thống khi nhập tệp; chưa có gì được nhập. Vui lòng thử lại sau."),
                    )
                ],
            )
            raise
        else:
            _finish(
                job_id,
                status=ImportJob.Status.DONE,
                errors=[],
                created_count=created,
                updated_count=updated,
            )


def _run(job: ImportJob) -> tuple[int, int]:
    actor = job.actor
    try:
        ensure_can_manage(actor, job.seller)
    except PermissionDenied as exc:
        raise ImportRejected([_error(None, None, "permission_denied", str(exc))]) from exc
    assert actor is not None  # ensure_can_manage refuses a missing actor
    bounds = read_bounds(row_limit(job.seller))
    counters = ReadCounters()
    try:
        with job.file.open("rb") as file:
            sheet = read_sheet(file, _file_kind(job), bounds=bounds, counters=counters)
    except (ImportRejected, ValidationFailed):
        logger.info(
            "product import %s refused after %s rows, %s cells", job.pk, counters.rows, counters.cells
        )
        raise
    except Exception as exc:  # a corrupt workbook, an undecodable CSV: openpyxl and csv raise many kinds
        logger.info("product import %s: unreadable file: %s", job.pk, exc)
        raise ImportRejected(
            [
                _error(
                    None,
                    None,
                    "unreadable",
                    _("Không đọc được tệp; hãy lưu lại dưới dạng Excel .xlsx hoặc CSV UTF-8 rồi thử lại."),
                )
            ]
        ) from exc
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(sheet.rows))

    validator = RowValidator(sheet)
    valid: list[ProductRow] = []
    errors: list[dict[str, Any]] = []
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            try:
                spreadsheets.deadline_passed(counters, bounds, number)
            except SpreadsheetRejected as exc:
                raise _rejected(exc, bounds) from exc
        product_row, row_errors = validator.validate(number, cells)
        if product_row is not None:
            valid.append(product_row)
        errors.extend(row_errors)
        if done % PROGRESS_EVERY == 0 or done == len(sheet.rows):
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
    if errors:
        raise ImportRejected(errors)
    return _write(actor, job, valid)


# Fields an import writes on an existing product, with the derived search columns (the stock: catalog.stock).
_UPDATED_FIELDS = [
    "name",
    "category",
    "unit",
    "net_quantity",
    "price_vnd",
    "gtin",
    "origin_commune",
    "description",
    "status",
    "name_folded",
    "search_text",
    "updated_at",
]


@transaction.atomic
def _write(actor: User, job: ImportJob, rows: list[ProductRow]) -> tuple[int, int]:
    """Write every valid row in one transaction: all rows or none.

    The same rules as catalog.services.create_product/update_product and catalog.stock (sanitised
    description, folded search text, model field validation, a stock move for every stock change), in batches:
    one service call per row takes minutes for 10,000 rows, and on SQLite the write lock is held
    that long.
    """
    seller = job.seller
    now = timezone.now()
    reason = _("Nhập từ tệp %(name)s") % {"name": job.original_name}
    existing = {
        p.sku: p
        for p in Product.objects.filter(seller=seller, sku__in=[r.sku for r in rows]).select_for_update()
    }
    new_rows = [r for r in rows if r.sku not in existing]
    slugs = iter(_new_slugs([r.name for r in new_rows]))
    to_create: list[Product] = []
    to_update: list[Product] = []
    counts: list[tuple[Product, int]] = []  # stock counted for existing products, set once they are saved
    errors: list[dict[str, Any]] = []
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            product = Product(
                seller=seller,
                sku=row.sku,
                slug=next(slugs),
                stock=row.stock or 0,
                **{"status": Product.Status.DRAFT, **row.fields()},
            )
            to_create.append(product)
        else:
            changes = {f: v for f, v in row.fields().items() if _differs(product, f, v)}
            stock_delta = 0 if row.stock is None else row.stock - product.stock
            if not changes and not stock_delta:
                continue
            for field, value in row.fields().items():  # unchanged ones too: search_text_for reads them
                setattr(product, field, value)
            if stock_delta:
                counts.append((product, product.stock + stock_delta))
            product.updated_at = now
            to_update.append(product)
        product.seller = seller  # search_text_for reads it: no query per row
        product.description = sanitize_description(product.description)
        product.name_folded = fold(product.name)
        product.search_text = search_text_for(product)
        try:
            # Field rules (lengths, choices, price > 0); the foreign keys and uniqueness were checked
            # for the whole file above and the database constraints still hold at insert time.
            product.full_clean(
                exclude=["seller", "category", "origin_commune", "slug"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors.extend(
                _error(
                    row.row,
                    COLUMN_BY_KEY[field].title if field in COLUMN_BY_KEY else None,
                    e.code or "invalid",
                    m,
                )
                for field, field_errors in exc.error_dict.items()
                for e in field_errors
                for m in e.messages
            )
    if errors:
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            created = Product.objects.bulk_create(to_create, batch_size=500)
            catalog_changed()  # bulk_create sends no post_save
            for product in to_update:  # one plain UPDATE each: bulk_update's CASE per field is slower
                product.save(update_fields=_UPDATED_FIELDS)
            set_counted_stock(counts, actor=actor, reason=reason)
            record_initial_stock(created, actor=actor)
    except IntegrityError as exc:
        # Another writer took a SKU (or a slug) between the check and the write.
        logger.info("product import %s refused by the database: %s", job.pk, exc)
        raise ImportRejected(
            [
                _error(
                    None,
                    None,
                    "conflict",
                    _("Sản phẩm của cửa hàng vừa bị thay đổi ở nơi khác; chưa nhập gì. Hãy thử lại."),
                )
            ]
        ) from exc
    return len(created), len(to_update)


def _new_slugs(names: list[str]) -> list[str]:
    """A unique slug for each new product, as catalog.services.unique_product_slug makes them."""
    bases = [slugify_vi(name, 90) or "san-pham" for name in names]
    taken = set(Product.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    counts = Counter(bases)
    for base in {b for b in bases if b in taken or counts[b] > 1}:
        taken |= set(Product.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _differs(product: Product, field: str, value: Any) -> bool:
    if field == "category":
        return product.category_id != value.pk
    if field == "origin_commune":
        return product.origin_commune_id != (value.pk if value else None)
    if field == "description":
        return product.description != sanitize_description(value)
    return getattr(product, field) != value


def jobs_of(seller: Seller) -> QuerySet[ImportJob]:
    """A seller's import jobs, newest first."""
    return ImportJob.objects.filter(seller=seller).select_related("actor").order_by("-created_at", "-pk")


# ---------------------------------------------------------------------------------------------------
# Export and template
# ---------------------------------------------------------------------------------------------------

_WIDTHS = (16, 40, 14, 10, 14, 14, 10, 16, 14, 12, 50)
_EXAMPLE_CATEGORY = "I.2.2"


def product_cells(product: Product) -> list[Any]:
    """A product as a row of the file format (the inverse of RowValidator.validate)."""
    return [
        product.sku,
        product.name,
        product.category.code,
        product.unit,
        product.net_quantity,
        product.price_vnd,
        product.stock,
        product.gtin,
        product.origin_commune_id or "",
        STATUS_TITLES.get(product.status, product.status),  # type: ignore[call-overload]
        product.description,
    ]


def _workbook(rows: Iterable[list[Any]]) -> bytes:
    """The product sheet (header in bold, then `rows`) and a second sheet listing the valid values."""
    workbook = spreadsheets.XlsxWriter()
    sheet = workbook.add_sheet("Sản phẩm", widths=dict(zip("ABCDEFGHIJK", _WIDTHS, strict=True)), freeze="A2")
    sheet.append(HEADER, bold=True)
    for row in rows:
        sheet.append(row)

    lists = workbook.add_sheet("Danh sách", widths={"A": 12, "B": 50, "D": 10, "F": 14})
    lists.append(["Mã danh mục", "Tên danh mục", "", "Đơn vị", "", "Trạng thái"])
    categories = list(Category.objects.order_by("code").values_list("code", "name"))
    units = [u.value for u in Unit]
    statuses = list(STATUS_TITLES.values())
    for i in range(max(len(categories), len(units), len(statuses))):
        code, name = categories[i] if i < len(categories) else ("", "")
        lists.append(
            [
                code,
                name,
                "",
                units[i] if i < len(units) else "",
                "",
                statuses[i] if i < len(statuses) else "",
            ]
        )
    return workbook.to_bytes()


def export_products(*, actor: User, seller: Seller) -> bytes:
    """Every product of the seller as an XLSX in the import format: it re-imports unchanged."""
    ensure_can_manage(actor, seller)
    products = (
        Product.objects.filter(seller=seller)
        .select_related("category")
        .order_by("sku")
        .iterator(chunk_size=2000)
    )
    return _workbook(product_cells(p) for p in products)


def _example_row(seller: Seller) -> list[Any]:
    category = (
        Category.objects.filter(code=_EXAMPLE_CATEGORY).first() or Category.objects.order_by("code").first()
    )
    return [
        "MAT-ONG-500",
        "Mật ong hoa nhãn 500 g",
        category.code if category else "",
        "hũ",
        "500 g",
        120000,
        50,
        "",
        seller.commune_id,
        STATUS_TITLES[Product.Status.DRAFT],
        "Mật ong nguyên chất từ vườn nhãn của hợp tác xã.",
    ]


def template_xlsx(*, actor: User, seller: Seller) -> bytes:
    """The empty import file: the header, one example row, and the lists of valid values."""
    ensure_can_manage(actor, seller)
    return _workbook([_example_row(seller)])


def template_csv(*, actor: User, seller: Seller) -> bytes:
    """The template as CSV: UTF-8 with a BOM and ";" (how Excel opens it in Vietnamese settings)."""
    ensure_can_manage(actor, seller)
    return spreadsheets.csv_bytes([HEADER, _example_row(seller)])

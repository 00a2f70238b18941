"""Every spreadsheet the platform writes or reads goes through here.

Writing (exports, templates, statements, settlements): `XlsxWriter` and `csv_bytes` neutralise formula
injection (OWASP "CSV injection") for every text cell, so no export can forget:
- XLSX: text is always written as a string cell (never as a formula, whatever it starts with), and text
  starting with = + - @ tab or CR also carries Excel's "quote prefix" style, the XLSX form of the
  leading apostrophe: shown and kept as text even when someone edits the cell. The value itself is
  unchanged, so an export re-imports to the same data. Numbers, dates and booleans stay what they are.
- CSV: such text is written with a leading apostrophe (`'=SUM(A1)`); `csv_text` takes it off again when
  a CSV is read back, so the round trip is exact.
Characters XML cannot hold (control characters) are dropped from XLSX text rather than failing the export.

Reading (the product import): `read_rows` streams the first sheet of an XLSX (openpyxl read-only mode) or
a CSV under explicit bounds: bytes, the unpacked size and member count of the XLSX zip (checked before
openpyxl opens it), columns read, data rows, rows scanned (blank ones included), a run of blank rows
that ends the data, and a deadline. The sheet's declared dimensions are never trusted. Going over a
bound raises `SpreadsheetRejected` with a stable code and a translated message naming the bound.
"""

import csv
import datetime
import io
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hangviet.core.errors import DomainError
from hangviet.core.money import group_thousands

# A text cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice, Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


# ---------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styled:
    """A value with the look of its cell: `Styled(total, bold=True, number_format=MONEY_FORMAT)`."""

    value: Any
    bold: bool = False
    size: float | None = None
    number_format: str | None = None


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value: Any) -> Any:
    """A value as written to CSV: formula-like text gets a leading apostrophe, and text that already
    starts with an apostrophe before such a character gets one more, so `csv_text` can undo it exactly."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES)
        or (value[:1] == "'" and value[1:2].startswith(("'", *FORMULA_PREFIXES)))
    ):
        return "'" + value
    return value


def csv_text(value: str) -> str:
    """A CSV cell as written by `csv_cell`, read back: the apostrophe it added is taken off."""
    if value[:1] == "'" and value[1:2] and value[1:2].startswith(("'", *FORMULA_PREFIXES)):
        return value[1:]
    return value


def csv_bytes(rows: Iterable[Iterable[Any]], *, delimiter: str = ";", bom: bool = True) -> bytes:
    """Rows as a CSV file in UTF-8, with a BOM and ";" by default (how Excel opens it in Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v.value if isinstance(v, Styled) else v) for v in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


class SheetWriter:
    """One sheet of an XlsxWriter: rows are appended in order (write-only: nothing is kept in memory)."""

    def __init__(self, worksheet: Any) -> None:
        self._sheet = worksheet

    def _cell(self, value: Any, bold: bool) -> Any:
        style = value if isinstance(value, Styled) else Styled(value, bold=bold)
        value = style.value
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        cell = WriteOnlyCell(self._sheet)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
            if is_formula_like(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        if style.bold or bold or style.size:
            cell.font = Font(bold=style.bold or bold, size=style.size)
        if style.number_format:
            cell.number_format = style.number_format
        return cell

    def append(self, values: Iterable[Any] = (), *, bold: bool = False) -> None:
        self._sheet.append([None if v is None else self._cell(v, bold) for v in values])


class XlsxWriter:
    """An XLSX workbook written row by row; every text cell neutralised (see the module docstring)."""

    def __init__(self) -> None:
        self._workbook = Workbook(write_only=True)

    def add_sheet(
        self, title: str, *, widths: Mapping[str, float] | None = None, freeze: str | None = None
    ) -> SheetWriter:
        """A new sheet; column widths (by letter) and frozen panes are set before any row is written."""
        worksheet = self._workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", title)[:31])
        for letter, width in (widths or {}).items():
            worksheet.column_dimensions[letter].width = width
        if freeze:
            worksheet.freeze_panes = freeze
        return SheetWriter(worksheet)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# Reading, bounded
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadBounds:
    max_rows: int  # data rows (non-blank rows after the header)
    max_columns: int = 30  # columns read; anything to their right is never looked at
    max_sheet_rows: int = 30_000  # rows scanned, blank ones included
    max_blank_run: int = 1000  # this many blank rows in a row end the data
    max_bytes: int = 10 * 1024 * 1024  # the file as uploaded
    max_unpacked_bytes: int = 50 * 1024 * 1024  # XLSX: every zip member once unpacked
    max_zip_members: int = 200  # XLSX: a workbook has a dozen or two
    max_line_chars: int = 100_000  # CSV: one physical line
    max_seconds: float = 60.0  # reading and whatever the caller does per row (see `deadline`)


@dataclass
class ReadCounters:
    """How much was read: what bounds the memory and time of a read."""

    rows: int = 0  # rows scanned, header and blank ones included
    cells: int = 0  # cell values handed over
    stopped_at: int | None = None  # the row where a run of blank rows ended the reading

    def __post_init__(self) -> None:
        self.started = time.monotonic()


class SpreadsheetRejected(DomainError):
    """The file as a whole is refused; `row` is the row where reading stopped (None: the whole file)."""

    code = "spreadsheet_rejected"
    status = 422

    def __init__(self, code: str, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.row = row


def _not_xlsx() -> SpreadsheetRejected:
    return SpreadsheetRejected(
        "not_xlsx", _("Tệp không phải bảng tính Excel .xlsx hợp lệ (có thể chỉ bị đổi đuôi tệp).")
    )


def check_xlsx_archive(file: IO[bytes], bounds: ReadBounds) -> None:
    """Refuse an XLSX before anything unpacks it: not a zip, not a workbook, too many members, too big
    once unpacked (a "zip bomb"). The file is left at its start."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _not_xlsx() from exc
    finally:
        file.seek(0)
    if len(members) > bounds.max_zip_members:
        raise SpreadsheetRejected(
            "too_many_parts",
            _("Bảng tính có hơn %(max)s thành phần; hãy lưu lại bằng Excel rồi thử lại.")
            % {"max": group_thousands(bounds.max_zip_members)},
        )
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= {m.filename for m in members}:
        raise _not_xlsx()
    if sum(m.file_size for m in members) > bounds.max_unpacked_bytes:
        raise SpreadsheetRejected(
            "unpacked_too_large",
            _("Bảng tính giải nén ra hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": bounds.max_unpacked_bytes // (1024 * 1024)},
        )


def _xlsx_values(file: IO[bytes], bounds: ReadBounds) -> Iterator[tuple[Any, ...]]:
    check_xlsx_archive(file, bounds)
    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The declared size is the writer's claim: too small hides rows, too large (A1:XFD1048576) would
        # make openpyxl pad every row to 16,384 cells and yield a million empty rows. Ignore it.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        yield from sheet.iter_rows(max_col=bounds.max_columns, values_only=True)  # type: ignore[union-attr]
    finally:
        workbook.close()


def _csv_values(file: IO[bytes], bounds: ReadBounds) -> Iterator[list[str]]:
    data = file.read(bounds.max_bytes + 1)
    if len(data) > bounds.max_bytes:
        raise _too_big(bounds)
    text = data.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def lines() -> Iterator[str]:
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if len(line) > bounds.max_line_chars:
                raise SpreadsheetRejected(
                    "line_too_long",
                    _("Dòng %(row)s dài hơn %(max)s ký tự.")
                    % {"row": number, "max": group_thousands(bounds.max_line_chars)},
                    row=number,
                )
            yield line

    for values in csv.reader(lines(), delimiter=delimiter):
        yield [csv_text(v) for v in values[: bounds.max_columns]]


def _too_big(bounds: ReadBounds) -> SpreadsheetRejected:
    return SpreadsheetRejected(
        "file_too_large",
        _("Tệp lớn hơn %(mb)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
        % {"mb": bounds.max_bytes // (1024 * 1024)},
    )


def deadline_passed(counters: ReadCounters, bounds: ReadBounds, row: int | None = None) -> None:
    """Raise once the read (and the caller's work per row) has taken longer than the bound."""
    if time.monotonic() - counters.started > bounds.max_seconds:
        raise SpreadsheetRejected(
            "too_slow",
            _("Tệp cần hơn %(s)s giây để đọc; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"s": int(bounds.max_seconds)},
            row=row,
        )


def _blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_rows(
    file: IO[bytes], kind: str, bounds: ReadBounds, counters: ReadCounters | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The header (row 1, even blank) and then every non-blank row, as (row number, values), from an
    "xlsx" or "csv" file, within `bounds`. Rows hold at most `bounds.max_columns` values; a run of
    `max_blank_run` blank rows ends the data (what lies below is not read)."""
    counters = counters if counters is not None else ReadCounters()
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    if size > bounds.max_bytes:
        raise _too_big(bounds)
    source: Iterable[Any] = _xlsx_values(file, bounds) if kind == "xlsx" else _csv_values(file, bounds)
    data_rows = blank_run = 0
    for number, values in enumerate(source, start=1):
        counters.rows = number
        if number > bounds.max_sheet_rows:
            raise SpreadsheetRejected(
                "too_many_sheet_rows",
                _("Tệp dài hơn %(max)s dòng (kể cả dòng trống); hãy xoá các dòng thừa hoặc chia nhỏ tệp.")
                % {"max": group_thousands(bounds.max_sheet_rows)},
                row=number,
            )
        if number % 100 == 0:
            deadline_passed(counters, bounds, number)
        if number > 1 and _blank(values):
            blank_run += 1
            if blank_run >= bounds.max_blank_run:
                counters.stopped_at = number
                return
            continue
        blank_run = 0
        if number > 1:
            data_rows += 1
            if data_rows > bounds.max_rows:
                raise SpreadsheetRejected(
                    "too_many_rows",
                    _("Tệp có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn.")
                    % {"max": group_thousands(bounds.max_rows)},
                    row=number,
                )
        row = tuple(values)
        counters.cells += len(row)
        yield number, row


def column_letter(index: int) -> str:
    """1 → "A", 30 → "AD": how a spreadsheet names the column."""
    return str(get_column_letter(index))

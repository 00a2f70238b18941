"""An indicator's records as a table: the page, the CSV and the XLSX read the same rows."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hangviet.core.spreadsheets import MONEY_FORMAT, Styled, XlsxWriter, csv_bytes
from hangviet.reports.indicators import Indicator
from hangviet.reports.periods import Period

MAX_EXPORT_ROWS = 100_000  # more than any province's year holds; an export never grows without bound


def headers(indicator: Indicator) -> list[str]:
    return [str(c.header) for c in indicator.columns]


def cell(value: Any) -> Any:
    """A value for a page or a file: local dates, plain numbers."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def rows(indicator: Indicator, period: Period, limit: int = MAX_EXPORT_ROWS) -> Iterator[list[Any]]:
    if indicator.records is None:
        return
    for record in indicator.records(period)[:limit]:
        yield [cell(c.get(record)) for c in indicator.columns]


def _text(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def as_csv(indicator: Indicator, period: Period) -> bytes:
    return csv_bytes([headers(indicator), *([_text(v) for v in row] for row in rows(indicator, period))])


def as_xlsx(indicator: Indicator, period: Period) -> bytes:
    book = XlsxWriter()
    add_sheet(book, indicator, period, str(indicator.name))
    return book.to_bytes()


def add_sheet(book: XlsxWriter, indicator: Indicator, period: Period, title: str) -> None:
    """The indicator's records as one sheet: a title row, the header, the rows (money formatted)."""
    sheet = book.add_sheet(title, freeze="A3")
    sheet.append([Styled(f"{indicator.name} – {period.label}", bold=True)])
    sheet.append(headers(indicator), bold=True)
    kinds = [c.kind for c in indicator.columns]
    for row in rows(indicator, period):
        sheet.append(
            [
                Styled(v, number_format=MONEY_FORMAT) if k == "money" and v is not None else _xlsx(v)
                for v, k in zip(row, kinds, strict=True)
            ]
        )


def _xlsx(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value

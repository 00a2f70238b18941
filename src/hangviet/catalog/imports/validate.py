"""Rows of a product file → clean values (ProductRow) or row errors, against the catalog's rules."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hangviet.catalog.imports.parse import (
    COLUMN_BY_KEY,
    COLUMNS,
    STATUS_TITLES,
    SheetRows,
    cell_text,
    match_key,
    row_error,
)
from hangviet.catalog.models import Category, Product, Unit
from hangviet.core import limits
from hangviet.core.limits import max_length
from hangviet.core.models import Commune
from hangviet.core.money import format_vnd, group_thousands, parse_vnd
from hangviet.core.text import fold
from hangviet.core.validators import normalize_gtin

_STATUS_BY_WORD = {fold(w): s for s, title in STATUS_TITLES.items() for w in (s.value, title)}
_UNIT_BY_WORD = {u.value.casefold(): u.value for u in Unit}

# Thousands grouped with commas, as an English-language spreadsheet writes them ("120,000"): the file
# format accepts them too, unless the number also holds a dot ("1,200.000" stays ambiguous).
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def parse_whole_number(value: Any, *, currency: bool = False) -> int | None:
    """A whole number from a cell: a number the spreadsheet typed (120000, 120000.0), or text read by
    core.money.parse_vnd ("120.000", "120 000", and "120.000 ₫" only if `currency`), thousands grouped
    with commas included ("120,000"). None when it is not one: a fraction, an ambiguous "1.25" or "0.500",
    text, mixed separators."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value)
    if not currency and any(c.isalpha() or c == "₫" for c in text):
        return None
    if "." not in text:
        text = _COMMA_GROUPED.sub(lambda m: m.group(0).replace(",", "."), text)
    try:
        return parse_vnd(text)
    except ValidationError:
        return None


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
            errors.append(row_error(number, COLUMN_BY_KEY[key].title, code, message))

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
        if sku and len(sku) <= max_length(Product, "sku"):
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
            status = _STATUS_BY_WORD.get(match_key(text["status"]))
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
